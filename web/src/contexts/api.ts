import { createContext } from '@lit/context';
import type { ApiClient } from '../api/client.ts';

export const apiContext = createContext<ApiClient>(Symbol('mesa-api'));
