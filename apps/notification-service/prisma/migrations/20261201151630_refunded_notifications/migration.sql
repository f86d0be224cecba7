-- AlterEnum
ALTER TYPE "notification_kind" ADD VALUE 'ORDER_REFUNDED';
