/** Settings shared by playwright.config.ts and the journeys. */
export const PORT = 3100;
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const ADMIN_EMAIL = 'admin@example.org';
export const ADMIN_PASSWORD = 'e2e-Admin-passphrase-2025';
export const DEMO_SLUG = 'buenos-aires-2025';
export const DEMO_TITLE = /Quatrième Plan d'action pour un gouvernement ouvert/;
