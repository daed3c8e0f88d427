/** One chat's own address (`/c/{id}`): the layout's ChatApp reads the id from the path. */
export default function ChatThread() {
  return null;
}
