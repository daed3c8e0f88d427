-- AlterTable
ALTER TABLE "Message" ADD COLUMN "writer" TEXT;

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "lastSeen" DATETIME NOT NULL,
    "address" TEXT
);

