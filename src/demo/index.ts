/**
 * The demo warehouse: a seeded, generated business database (sales, customers, service, marketing, music,
 * organisation) that `tablebot` answers about out of the box, and its sample questions.
 */
export { DEMO_QUESTIONS } from './demoQuestions';
export { seedDemoWarehouse } from './seedDemoWarehouse';
