/** The variable that tells a service where another one is: `market-data` → MARKET_DATA_SERVICE_URL. */
export function serviceUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_SERVICE_URL`;
}
