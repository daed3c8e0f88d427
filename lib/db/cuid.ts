import { randomInt } from "node:crypto";
import { hostname } from "node:os";

/*
 * Ids for rows written without Prisma, in the shape Prisma's `@default(cuid())` gives (cuid v1, 25
 * characters): "c", the time in ms, a counter, a fingerprint of the process and host, 8 random characters,
 * all base 36. Same shape, so ids from both writers look alike and sort by creation time alike.
 */

const BLOCK_SIZE = 4;
const BLOCK_VALUES = 36 ** BLOCK_SIZE;

// As cuid v1: the pid and the host name's character codes summed, two base-36 digits each.
const FINGERPRINT = pad(process.pid.toString(36), 2) + pad(hostSum().toString(36), 2);

// Starts at a random value rather than 0 like Prisma's own counter, so that the two generators of one
// process rarely hold the same counter in the same millisecond; the random blocks separate them anyway.
let counter = randomInt(BLOCK_VALUES);

/** A new cuid (v1): unique within the process by time and counter, across processes by 41 random bits. */
export function createCuid(): string {
  counter = (counter + 1) % BLOCK_VALUES;
  return `c${Date.now().toString(36)}${pad(counter.toString(36), BLOCK_SIZE)}${FINGERPRINT}${randomBlock()}${randomBlock()}`;
}

function randomBlock(): string {
  return pad(randomInt(BLOCK_VALUES).toString(36), BLOCK_SIZE);
}

function pad(digits: string, size: number): string {
  return digits.padStart(size, "0").slice(-size);
}

function hostSum(): number {
  const name = hostname();
  let sum = name.length + 36;
  for (let i = 0; i < name.length; i++) sum += name.charCodeAt(i);
  return sum;
}
