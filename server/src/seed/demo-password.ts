/**
 * Every demo account shares this password; it is printed at start and written in the README. A file of its own,
 * importing nothing, so the test fixtures inside the domains (bids, evaluation) take it without importing the seed,
 * which imports the domains' demo data.
 */
export const DEMO_PASSWORD = 'Demo@2026';
