import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './client';
import type { User } from './models';

export interface Auth {
  user: User | null;
  /** True until the first GET /api/auth/me has answered. */
  loading: boolean;
  login: (login: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<User | null>;
}

const AuthContext = createContext<Auth | null>(null);

export function isManager(user: User | null | undefined): boolean {
  return !!user && user.kind === 'staff' && user.roles.includes('manager');
}

export const WORKBENCH_ROLES = ['window', 'approver', 'chief'] as const;

/** Staff who work cases: window, approver or chief representative. */
export function isWorkbenchUser(user: User | null | undefined): boolean {
  return !!user && user.kind === 'staff' && user.roles.some((r) => (WORKBENCH_ROLES as readonly string[]).includes(r));
}

export function isApplicant(user: User | null | undefined): boolean {
  return !!user && user.kind !== 'staff';
}

/** Where a user lands after sign-in when no `next` is given. */
export function homeOf(user: User): string {
  if (isManager(user)) return '/admin';
  if (user.kind === 'staff' && user.roles.includes('supervisor') && !isWorkbenchUser(user)) return '/supervision';
  if (isWorkbenchUser(user)) return '/workbench';
  if (user.kind === 'staff' && user.roles.includes('bank')) return '/workbench/bank';
  if (user.kind === 'staff' && (user.roles.includes('hotline') || user.roles.includes('hotline_lead'))) return '/workbench/hotline';
  if (user.kind === 'staff' && user.roles.includes('disclosure')) return '/workbench/disclosure';
  return '/';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const queryClient = useQueryClient();

  const refresh = useCallback(async () => {
    try {
      const s = await api.get('/api/auth/me');
      setCsrfToken(s.csrfToken);
      setUser(s.user);
      return s.user;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401) {
        setCsrfToken(null);
        setUser(null);
      }
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(async (loginName: string, password: string) => {
    const s = await api.post('/api/auth/login', { body: { login: loginName, password } });
    // Another user's cached views must not show: the cache starts empty for each session.
    queryClient.clear();
    setCsrfToken(s.csrfToken);
    setUser(s.user);
    return s.user;
  }, [queryClient]);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      queryClient.clear();
      setCsrfToken(null);
      setUser(null);
    }
  }, [queryClient]);

  const value = useMemo<Auth>(() => ({ user, loading, login, logout, refresh }), [user, loading, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth() outside <AuthProvider>');
  return ctx;
}
