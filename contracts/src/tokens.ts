import { randomUUID } from 'node:crypto';
import type { ContractTarget } from './settings.ts';

export interface Principal {
  id: string;
  token: string;
}

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function subjectOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  return claims.sub;
}

async function login(target: ContractTarget, email: string, password: string): Promise<Principal> {
  const answer = await post(`${target.userServiceUrl}/auth/login`, { email, password });
  const token = (answer.body as { accessToken?: string } | undefined)?.accessToken;
  if (answer.status !== 200 || !token) {
    throw new Error(`login of ${email} at ${target.userServiceUrl} answered ${answer.status}`);
  }
  return { id: subjectOf(token), token };
}

/** The admin's access token, from the user-service the service under test trusts. */
export function adminPrincipal(target: ContractTarget): Promise<Principal> {
  return login(target, target.admin.email, target.admin.password);
}

/** A customer registered for this run, and their access token. */
export async function newCustomer(target: ContractTarget): Promise<Principal> {
  const email = `${randomUUID()}@contract.test`;
  const password = 'contract-customer-password';
  const registered = await post(`${target.userServiceUrl}/auth/register`, { email, password });
  if (registered.status !== 201) {
    throw new Error(`registering a customer answered ${registered.status}`);
  }
  return login(target, email, password);
}
