import { Type } from 'typebox';
import { passwordMaxLength, passwordMinLength } from '../domain/password-policy.ts';

export const Email = Type.String({ format: 'email', maxLength: 254 });

export const User = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Email,
    name: Type.Union([Type.String(), Type.Null()]),
    roles: Type.Array(Type.Union([Type.Literal('customer'), Type.Literal('admin')])),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A user account; never includes the password hash.' },
);

export const NewPassword = Type.String({
  minLength: passwordMinLength,
  maxLength: passwordMaxLength,
  description: `${passwordMinLength}-${passwordMaxLength} characters, not the email address. No composition rules: length is what counts.`,
});

export const TokenPair = Type.Object({
  accessToken: Type.String({ description: 'EdDSA-signed JWT; verify with /.well-known/jwks.json' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  refreshToken: Type.String({
    description: 'Single use: /auth/refresh exchanges it for a new pair',
  }),
});

export const RefreshTokenBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** Documents an error response; the body is an RFC 9457 problem. */
export const Problem = (description: string) =>
  Type.Object(
    {
      type: Type.String(),
      title: Type.String(),
      status: Type.Integer(),
      detail: Type.Optional(Type.String()),
      instance: Type.String(),
      requestId: Type.String(),
    },
    { description, additionalProperties: true },
  );
