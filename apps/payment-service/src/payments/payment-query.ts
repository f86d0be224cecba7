import type { Prisma } from '../db.ts';

export type PaymentWithRefund = Prisma.PaymentGetPayload<{ include: { refund: true } }>;

type Reader = Pick<Prisma.TransactionClient, 'payment'>;

export function paymentWithRefund(
  db: Reader,
  where: { id: string } | { orderId: string },
): Promise<PaymentWithRefund | null> {
  return db.payment.findUnique({ where, include: { refund: true } });
}
