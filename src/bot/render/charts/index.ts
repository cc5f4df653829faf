export * from './chartChoice';
export * from './chartImage';
export * from './teamsChart';
export * from './vegaLiteSpec';
export * from './chartService';
