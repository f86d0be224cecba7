-- CreateTable
CREATE TABLE "cancelled_orders" (
    "order_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "cancelled_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cancelled_orders_pkey" PRIMARY KEY ("order_id")
);
