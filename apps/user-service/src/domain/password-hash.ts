import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: N = 2^logN, block size r, parallelism p. */
export interface ScryptParameters {
  logN: number;
  r: number;
  p: number;
}

/** OWASP's recommended minimum for scrypt (N=2^17, r=8, p=1): 128 MiB and ~0.2 s per hash. */
export const recommendedScryptParameters: ScryptParameters = { logN: 17, r: 8, p: 1 };

const saltBytes = 16;
const keyBytes = 32;
const encodedPattern =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, parameters: ScryptParameters, length: number) {
  const N = 2 ** parameters.logN;
  const options: ScryptOptions = {
    N,
    r: parameters.r,
    p: parameters.p,
    // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below the recommended cost.
    maxmem: 128 * N * parameters.r + 1024 * 1024,
  };
  return new Promise<Buffer>((resolve, reject) => {
    // Normalized so the same password typed on different keyboards/OSes gives the same bytes.
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const unpadded = (buffer: Buffer) => buffer.toString('base64').replace(/=+$/, '');

/**
 * A salted scrypt hash in PHC string form, `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`: the
 * parameters travel with the hash, so raising the cost later does not break existing ones.
 */
export async function hashPassword(
  password: string,
  parameters: ScryptParameters = recommendedScryptParameters,
): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, parameters, keyBytes);
  return `$scrypt$ln=${parameters.logN},r=${parameters.r},p=${parameters.p}$${unpadded(salt)}$${unpadded(key)}`;
}

/** True when `password` matches `encoded`; compares in constant time. False for a malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const match = encodedPattern.exec(encoded);
  if (!match) return false;
  const [, logN, r, p, salt, hash] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(hash, 'base64');
  const parameters = { logN: Number(logN), r: Number(r), p: Number(p) };
  const actual = await derive(password, Buffer.from(salt, 'base64'), parameters, expected.length);
  return timingSafeEqual(actual, expected);
}
