import type { contracts } from '@tradeforge/core';

/**
 * Pairs each order command with its risk decision, whichever arrives first: commands and
 * decisions travel on different topics, and Kafka orders messages within a partition, not across
 * topics. An approved order is handed on once both are in; a denied one ends here (the order
 * service records the denial).
 */
export class OrderIntake {
  /** Orders risk has not decided on yet, by client order id. */
  private readonly awaitingDecision = new Map<string, contracts.SubmitOrderCommand>();
  /** Decisions that arrived before their order. */
  private readonly decidedBeforeCommand = new Map<string, contracts.RiskDecisionMessage>();

  constructor(private readonly onApproved: (command: contracts.SubmitOrderCommand) => void) {}

  command(command: contracts.SubmitOrderCommand): void {
    const decision = this.decidedBeforeCommand.get(command.clientOrderId);
    if (!decision) return void this.awaitingDecision.set(command.clientOrderId, command);
    this.decidedBeforeCommand.delete(command.clientOrderId);
    this.decide(command, decision);
  }

  decision(decision: contracts.RiskDecisionMessage): void {
    const command = this.awaitingDecision.get(decision.clientOrderId);
    if (!command) return void this.decidedBeforeCommand.set(decision.clientOrderId, decision);
    this.awaitingDecision.delete(decision.clientOrderId);
    this.decide(command, decision);
  }

  /** Drops an order still waiting for risk (a cancel before it reached any venue); true if it was waiting. */
  withdraw(clientOrderId: string): boolean {
    return this.awaitingDecision.delete(clientOrderId);
  }

  private decide(command: contracts.SubmitOrderCommand, decision: contracts.RiskDecisionMessage): void {
    if (decision.approved) this.onApproved(command);
  }
}
