export * from './indicator.js';
export * from './sma.js';
export * from './ema.js';
export * from './bollinger.js';
export * from './rsi.js';
export * from './atr.js';
export * from './rolling-extreme.js';
