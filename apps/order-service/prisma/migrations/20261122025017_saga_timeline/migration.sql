-- AlterTable
-- Orders placed before addresses were recorded get one that can never be delivered to
-- (RFC 2606 reserves .invalid), so the column can be NOT NULL and their events stay valid.
ALTER TABLE "orders" ADD COLUMN     "customer_email" TEXT;
UPDATE "orders" SET "customer_email" = 'customer-' || "customer_id" || '@unknown.invalid';
ALTER TABLE "orders" ALTER COLUMN "customer_email" SET NOT NULL;

-- CreateTable
CREATE TABLE "order_timeline" (
    "id" BIGSERIAL NOT NULL,
    "order_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "status" "order_status" NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trace_id" CHAR(32),

    CONSTRAINT "order_timeline_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "order_timeline_order_id_id_idx" ON "order_timeline"("order_id", "id");

-- CreateIndex
CREATE INDEX "orders_status_created_at_idx" ON "orders"("status", "created_at");

-- AddForeignKey
ALTER TABLE "order_timeline" ADD CONSTRAINT "order_timeline_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
