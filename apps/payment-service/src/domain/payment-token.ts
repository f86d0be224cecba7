/**
 * Orders carry no card. A charge uses, in this order: the token given with the charge, the
 * token configured for the customer, or the default token. In development the default approves
 * and a customer can be given a declining token to demonstrate the saga's compensations.
 */
export interface PaymentTokenSettings {
  defaultToken: string;
  customerTokens: ReadonlyMap<string, string>;
}

export function paymentTokenFor(
  charge: { customerId: string; paymentToken?: string | undefined },
  settings: PaymentTokenSettings,
): string {
  return (
    charge.paymentToken ??
    settings.customerTokens.get(charge.customerId.toLowerCase()) ??
    settings.defaultToken
  );
}

/** `customer-id=token` pairs separated by commas, e.g. from PAYMENT_CUSTOMER_TOKENS. */
export const customerTokensPattern =
  '^([0-9a-fA-F-]{36}=tok_[A-Za-z0-9_]+)(,[0-9a-fA-F-]{36}=tok_[A-Za-z0-9_]+)*$';

export function parseCustomerTokens(text: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const pair of text.split(',')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const [customerId, token] = trimmed.split('=');
    if (!customerId || !token) throw new Error(`Not a customer-id=token pair: ${trimmed}`);
    tokens.set(customerId.toLowerCase(), token);
  }
  return tokens;
}
