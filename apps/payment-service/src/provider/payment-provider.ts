/** Money as the provider sees it: integer minor units and an ISO 4217 code. */
export interface ProviderMoney {
  amount: number;
  currency: string;
}

export interface ChargeRequest {
  /**
   * The provider makes at most one charge per key: a repeated request with the same key gets
   * the first request's result, so a charge can be retried safely after a lost response.
   */
  idempotencyKey: string;
  amount: ProviderMoney;
  /** What to charge: a card token from the provider's tokenisation (never a card number). */
  paymentToken: string;
  customerId: string;
  /** Cancels the call (a timeout); the provider may or may not have acted on it. */
  signal?: AbortSignal;
}

/** Why a provider refused a charge. Nothing was charged. */
export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'invalid_payment_token';

export type ChargeResult =
  | { outcome: 'approved'; reference: string }
  | { outcome: 'declined'; reference: string; declineCode: DeclineCode };

export interface RefundRequest {
  /** As for charges: one refund per key, however often it is asked for. */
  idempotencyKey: string;
  /** The reference of the approved charge to refund. */
  chargeReference: string;
  amount: ProviderMoney;
  signal?: AbortSignal;
}

export interface RefundResult {
  reference: string;
}

/** A payment provider (card processor). Both operations must honour their idempotency key. */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
}

/**
 * The provider could not process the request this time (outage, network, overload) and did
 * not act on it; the same request may succeed later. Adapters of real providers throw this
 * only when the provider says so; an unknown outcome is a timeout, which a retry with the same
 * idempotency key also resolves.
 */
export class TransientProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientProviderError';
  }
}

/** The provider refuses the request as it is; repeating it cannot help. */
export class ProviderRequestError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ProviderRequestError';
    this.code = code;
  }
}
