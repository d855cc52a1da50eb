// Accounts and sessions: registration, login with brute-force protection, refresh-token
// rotation, logout, the session list and signing one session out, password change and account
// deletion. Knows nothing of HTTP.
import { Types } from 'mongoose';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import type { UserStateStore } from '../platform/cache';
import { errors } from '../platform/errors';
import type { Metrics } from '../platform/metrics';
import type { ProjectModel } from '../projects/model';
import type { TaskModel } from '../tasks/model';
import type { UserModel } from '../users/model';
import { presentUser, type UserView } from '../users/presenter';
import type { AccessTokens } from './access-tokens';
import { describeDevice, truncateAddress } from './device';
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from './passwords';
import type { RefreshTokens } from './refresh-tokens';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

/** Who is signing in, as the HTTP layer sees them. */
export interface Client {
  address: string;
  userAgent: string;
}

export interface SessionView {
  id: string;
  device: string;
  address: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export interface Session {
  user?: UserView;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

interface Dependencies {
  users: UserModel;
  tasks: TaskModel;
  projects: ProjectModel;
  redis: Redis;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  userStates: UserStateStore;
  metrics: Metrics;
}

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

export function createAuthService(deps: Dependencies) {
  const loginFailures = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'judix:rl:login',
    points: LOGIN_MAX_FAILURES,
    duration: LOGIN_WINDOW_SECONDS,
  });

  async function startSession(userId: string, client: Client): Promise<Omit<Session, 'user'>> {
    const { token, sessionId } = await deps.refreshTokens.issue(userId, {
      label: describeDevice(client.userAgent),
      address: truncateAddress(client.address),
    });
    return {
      accessToken: deps.accessTokens.issue(userId, sessionId),
      expiresIn: Math.floor(deps.accessTokens.ttlMs / 1000),
      refreshToken: token,
    };
  }

  async function checkPassword(userId: string, password: string) {
    const user = await deps.users.findById(userId, { passwordHash: 1 }).lean();
    if (!user) throw errors.unauthenticated('The account no longer exists.');
    if (!(await verifyPassword(password, user.passwordHash))) {
      throw errors.invalidInput(
        [{ path: 'password', message: 'is wrong' }],
        'The password is wrong.',
      );
    }
  }

  return {
    async register(
      input: { name: string; email: string; password: string },
      client: Client,
    ): Promise<Session> {
      const passwordHash = await hashPassword(input.password);
      try {
        const user = await deps.users.create({
          name: input.name,
          email: input.email,
          passwordHash,
        });
        deps.metrics.registrations.inc();
        return { user: presentUser(user), ...(await startSession(user._id.toHexString(), client)) };
      } catch (error) {
        if (isDuplicateKey(error)) throw errors.emailTaken();
        throw error;
      }
    },

    async login(input: { email: string; password: string }, client: Client): Promise<Session> {
      const limitKey = `${input.email}|${client.address}`;
      const failures = await loginFailures.get(limitKey);
      if (failures && failures.consumedPoints >= LOGIN_MAX_FAILURES) {
        deps.metrics.logins.inc({ result: 'throttled' });
        deps.metrics.rateLimited.inc({ limit: 'login' });
        throw errors.rateLimited(
          Math.ceil(failures.msBeforeNext / 1000),
          'Too many failed sign-in attempts; try again later.',
        );
      }
      const user = await deps.users
        .findOne({ email: input.email }, { name: 1, email: 1, createdAt: 1, passwordHash: 1 })
        .lean();
      const valid = await verifyPassword(input.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !valid) {
        await loginFailures.consume(limitKey).catch((rejection: unknown) => {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
        });
        deps.metrics.logins.inc({ result: 'failure' });
        throw errors.invalidCredentials();
      }
      await loginFailures.delete(limitKey);
      deps.metrics.logins.inc({ result: 'success' });
      return { user: presentUser(user), ...(await startSession(user._id.toHexString(), client)) };
    },

    async refresh(presented: string): Promise<Session> {
      const rotation = await deps.refreshTokens.rotate(presented);
      deps.metrics.refreshes.inc({ result: rotation.status });
      if (rotation.status !== 'rotated') throw errors.invalidRefreshToken();
      return {
        accessToken: deps.accessTokens.issue(rotation.userId, rotation.sessionId),
        expiresIn: Math.floor(deps.accessTokens.ttlMs / 1000),
        refreshToken: rotation.token,
      };
    },

    logout: (presented: string) => deps.refreshTokens.revoke(presented),

    async sessions(userId: string, currentSessionId: string): Promise<SessionView[]> {
      const sessions = await deps.refreshTokens.sessions(userId);
      return sessions
        .map((session) => ({
          id: session.id,
          device: session.device,
          address: session.address || null,
          createdAt: session.createdAt.toISOString(),
          lastUsedAt: session.lastUsedAt.toISOString(),
          current: session.id === currentSessionId,
        }))
        .sort((a, b) => Number(b.current) - Number(a.current));
    },

    /**
     * Signs one of the user's sessions out: its refresh token and its access tokens stop working
     * at once. The access tokens are marked first, so a retry after a failure in between still
     * finds the session and finishes the job. Another user's session is not found, like none.
     */
    async revokeSession(userId: string, sessionId: string) {
      if (!(await deps.refreshTokens.isSessionOf(userId, sessionId))) {
        throw errors.notFound('There is no such session.');
      }
      await deps.userStates.revokeSession(userId, sessionId, deps.accessTokens.ttlMs);
      await deps.refreshTokens.revokeSession(userId, sessionId);
    },

    async logoutAll(userId: string) {
      await deps.refreshTokens.revokeAll(userId);
      await deps.userStates.invalidateAccessTokens(userId, Date.now());
    },

    /** Changes the password; every other session ends, this one refreshes into a new token. */
    async changePassword(userId: string, sessionId: string, current: string, next: string) {
      await checkPassword(userId, current);
      const passwordHash = await hashPassword(next);
      await deps.users.updateOne({ _id: userId }, { $set: { passwordHash } });
      await deps.refreshTokens.revokeAll(userId, sessionId);
      await deps.userStates.invalidateAccessTokens(userId, Date.now());
    },

    async deleteAccount(userId: string, password: string) {
      await checkPassword(userId, password);
      const owner = new Types.ObjectId(userId);
      await deps.tasks.deleteMany({ owner });
      await deps.projects.deleteMany({ owner });
      await deps.users.deleteOne({ _id: owner });
      await deps.refreshTokens.revokeAll(userId);
      await deps.userStates.forget(userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
