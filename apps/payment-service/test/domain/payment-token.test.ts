import { describe, expect, it } from 'vitest';
import { parseCustomerTokens, paymentTokenFor } from '../../src/domain/payment-token.ts';

const ada = 'e1083608-10fb-513b-8f62-38437b43e658';
const alan = '443a6ad5-6554-52d7-8add-98c8d052b2c4';

describe('paymentTokenFor', () => {
  const settings = {
    defaultToken: 'tok_visa',
    customerTokens: new Map([[alan, 'tok_chargeDeclined']]),
  };

  it('prefers the token given with the charge', () => {
    expect(paymentTokenFor({ customerId: alan, paymentToken: 'tok_mastercard' }, settings)).toBe(
      'tok_mastercard',
    );
  });

  it("falls back to the customer's configured token, then the default", () => {
    expect(paymentTokenFor({ customerId: alan }, settings)).toBe('tok_chargeDeclined');
    expect(paymentTokenFor({ customerId: alan.toUpperCase() }, settings)).toBe(
      'tok_chargeDeclined',
    );
    expect(paymentTokenFor({ customerId: ada }, settings)).toBe('tok_visa');
  });
});

describe('parseCustomerTokens', () => {
  it('reads comma-separated customer-id=token pairs', () => {
    expect(
      parseCustomerTokens(`${ada}=tok_visa, ${alan.toUpperCase()}=tok_insufficientFunds`),
    ).toEqual(
      new Map([
        [ada, 'tok_visa'],
        [alan, 'tok_insufficientFunds'],
      ]),
    );
  });

  it('reads an empty list', () => {
    expect(parseCustomerTokens('').size).toBe(0);
  });

  it('refuses anything that is not a pair', () => {
    expect(() => parseCustomerTokens('tok_visa')).toThrow(/customer-id=token/);
  });
});
