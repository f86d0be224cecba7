import type { Database } from '../db.ts';
import { isRole, type Role } from '../domain/roles.ts';
import { Prisma, type User } from '../generated/prisma/client.ts';

export type { User };

/** A user as every response shows it: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  roles: Role[];
  createdAt: string;
}

export function publicUser(user: User): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles.filter(isRole),
    createdAt: user.createdAt.toISOString(),
  };
}

export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`An account with the email ${email} exists`);
    this.name = 'EmailTakenError';
  }
}

export interface NewUser {
  id?: string;
  email: string;
  passwordHash: string;
  name?: string | null;
  roles: string[];
}

export function userRepository(db: Database) {
  return {
    /** Throws EmailTakenError when the (normalized) email is taken, even by a concurrent insert. */
    async create(user: NewUser): Promise<User> {
      try {
        return await db.user.create({ data: user });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new EmailTakenError(user.email);
        }
        throw error;
      }
    },

    /** Creates the user unless the email exists; true when it was created. */
    async createIfAbsent(user: NewUser): Promise<boolean> {
      const { count } = await db.user.createMany({ data: [user], skipDuplicates: true });
      return count === 1;
    },

    findByEmail(email: string): Promise<User | null> {
      return db.user.findUnique({ where: { email } });
    },

    findById(id: string): Promise<User | null> {
      return db.user.findUnique({ where: { id } });
    },
  };
}
