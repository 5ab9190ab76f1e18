// Accounts and sessions as the web app calls them (shapes from shared/src/accounts.ts, types only).
import type { LoginBody, RegisterBody, UpdateMeBody, User } from '@mesa/shared';
import { ApiError, type Http } from '../../api/http.ts';

export const accountsApi = {
  /** The signed-in user, or null when nobody is signed in. */
  async me(api: Http): Promise<User | null> {
    try {
      return await api.request<User>('GET', '/api/me');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  // A sign-in, sign-up or sign-out changes the session the CSRF token is bound to.
  async register(api: Http, input: RegisterBody): Promise<User> {
    const user = await api.request<User>('POST', '/api/auth/register', input);
    api.resetCsrf();
    return user;
  },
  async login(api: Http, input: LoginBody): Promise<User> {
    const user = await api.request<User>('POST', '/api/auth/login', input);
    api.resetCsrf();
    return user;
  },
  async logout(api: Http): Promise<void> {
    try {
      await api.request<void>('POST', '/api/auth/logout');
    } finally {
      api.resetCsrf();
    }
  },
  updateMe(api: Http, patch: UpdateMeBody): Promise<User> {
    return api.request<User>('PATCH', '/api/me', patch);
  },
};
