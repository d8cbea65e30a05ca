import { definePlatform } from './templates/index.js';

// The one config of the platform. Edit it, then run `npx projen` to regenerate every service,
// stack, compose file, devcontainer and workflow. Hover a field in your editor for its meaning
// and default; an invalid value stops `npx projen` with the field path and what is allowed.
definePlatform({
  name: 'tradeforge',
  owner: 'platform-team',
  services: [
    { name: 'gateway', role: 'gateway', port: 3000, dependsOn: ['bus', 'database', 'cache'] },
    { name: 'market-data', role: 'market-data', port: 3001, dependsOn: ['bus'] },
    { name: 'strategy', role: 'strategy', port: 3002, dependsOn: ['bus'] },
    { name: 'risk', role: 'risk', port: 3003, dependsOn: ['bus', 'cache'] },
    { name: 'order', role: 'order', port: 3004, dependsOn: ['bus', 'database'] },
    { name: 'broker', role: 'broker', port: 3005, dependsOn: ['bus'] },
    { name: 'portfolio', role: 'portfolio', port: 3006, dependsOn: ['bus', 'database'] },
  ],
  venues: [{ id: 'paper', startingCash: 1_000_000 }],
  instruments: [
    { symbol: 'BTCUSDT', venue: 'paper', tickSize: 0.01, lotSize: 0.0001, minNotional: 10 },
    { symbol: 'ETHUSDT', venue: 'paper', tickSize: 0.01, lotSize: 0.001, minNotional: 10 },
  ],
  strategies: [{ name: 'sma-crossover', instrument: 'BTCUSDT.paper', params: { allocation: 0.05 } }],
  risk: {
    maxOrderNotional: 100_000,
    maxPositionNotional: 500_000,
    maxOpenOrders: 50,
    dailyLossLimit: 25_000,
  },
  environments: [
    { name: 'dev', kind: 'development' },
    { name: 'staging', kind: 'staging' },
    { name: 'prod', kind: 'production', serviceSize: { cpu: 512, memoryMiB: 1024, replicas: 2 } },
  ],
});
