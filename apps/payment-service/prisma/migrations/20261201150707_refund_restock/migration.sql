-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "restock" BOOLEAN NOT NULL DEFAULT false;
