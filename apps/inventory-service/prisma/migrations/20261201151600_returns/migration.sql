-- AlterEnum
ALTER TYPE "reservation_status" ADD VALUE 'RETURNED';

-- AlterEnum
ALTER TYPE "stock_movement_kind" ADD VALUE 'RETURN';

-- CreateTable
CREATE TABLE "order_refunds" (
    "order_id" UUID NOT NULL,
    "refund_id" UUID NOT NULL,
    "restock" BOOLEAN NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_refunds_pkey" PRIMARY KEY ("order_id")
);
