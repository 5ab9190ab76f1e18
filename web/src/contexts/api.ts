import { createContext } from '@lit/context';
import type { Http } from '../api/http.ts';

export const apiContext = createContext<Http>(Symbol('mesa-api'));
