import { createContext, useContext } from 'react';
import type { ConsoleUser } from '../../../shared/console/api';
import type { ConsoleApi, PeriodsAnswer } from '../api/client';

/** What every page of a signed-in user reads: who they are, the API, and the periods on offer. */
export interface Session {
  user: ConsoleUser;
  api: ConsoleApi;
  periods: PeriodsAnswer;
  /** Campaign periods changed (the periods page): read them again. */
  refreshPeriods: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
