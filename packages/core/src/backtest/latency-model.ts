import type { SeededRandom } from './random.js';

/**
 * Time between sending a request and the venue acting on it. Orders and cancels arriving inside a
 * bar's interval take part in that bar; a latency longer than a bar delays them accordingly.
 */
export class LatencyModel {
  private readonly baseMs: number;
  private readonly jitterMs: number;
  private readonly random: SeededRandom;

  constructor(baseMs: number, jitterMs: number, random: SeededRandom) {
    this.baseMs = baseMs;
    this.jitterMs = jitterMs;
    this.random = random;
  }

  arrival(sentAt: number): number {
    return sentAt + this.baseMs + (this.jitterMs > 0 ? Math.floor(this.random.next() * this.jitterMs) : 0);
  }
}
