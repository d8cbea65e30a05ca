import { describe, expect, it } from 'vitest';
import { binanceSignatureMatches, signBinance, signedParams } from '../../src/venues/binance/binance-signing.js';

// Binance's documented example (SIGNED endpoint examples for POST /api/v3/order).
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const PAYLOAD =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';

describe('Binance HMAC-SHA256 signing', () => {
  it("reproduces Binance's documented signature", () => {
    expect(signBinance(PAYLOAD, SECRET)).toBe('c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71');
  });

  it('appends the signature of exactly the encoded parameters, in order', () => {
    const params = {
      symbol: 'LTCBTC',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '1',
      price: '0.1',
      recvWindow: '5000',
      timestamp: '1499827319559',
    };
    expect(signedParams(params, SECRET)).toBe(
      `${PAYLOAD}&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71`,
    );
  });

  it('rejects a signature made with another secret or over another payload', () => {
    const good = signBinance(PAYLOAD, SECRET);
    expect(binanceSignatureMatches(PAYLOAD, SECRET, good)).toBe(true);
    expect(binanceSignatureMatches(PAYLOAD, `${SECRET}x`, good)).toBe(false);
    expect(binanceSignatureMatches(PAYLOAD.replace('price=0.1', 'price=0.2'), SECRET, good)).toBe(false);
    expect(binanceSignatureMatches(PAYLOAD, SECRET, 'short')).toBe(false);
  });
});
