-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_currency" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instruments" (
    "id" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "quote_currency" TEXT NOT NULL,
    "tick_size" DECIMAL(38,18) NOT NULL,
    "lot_size" DECIMAL(38,18) NOT NULL,
    "min_quantity" DECIMAL(38,18) NOT NULL,
    "min_notional" DECIMAL(38,18) NOT NULL,

    CONSTRAINT "instruments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "client_order_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "strategy_id" TEXT NOT NULL,
    "instrument_id" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "order_type" TEXT NOT NULL,
    "time_in_force" TEXT NOT NULL,
    "quantity" DECIMAL(38,18) NOT NULL,
    "price" DECIMAL(38,18),
    "trigger_price" DECIMAL(38,18),
    "status" TEXT NOT NULL,
    "filled_quantity" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "average_price" DECIMAL(38,18),
    "venue_order_id" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("client_order_id")
);

-- CreateTable
CREATE TABLE "order_events" (
    "sequence" BIGSERIAL NOT NULL,
    "event_id" TEXT NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_events_pkey" PRIMARY KEY ("sequence")
);

-- CreateTable
CREATE TABLE "fills" (
    "id" TEXT NOT NULL,
    "venue" TEXT NOT NULL,
    "trade_id" TEXT NOT NULL,
    "client_order_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "instrument_id" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "quantity" DECIMAL(38,18) NOT NULL,
    "price" DECIMAL(38,18) NOT NULL,
    "fee" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "fee_currency" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "account_id" TEXT NOT NULL,
    "instrument_id" TEXT NOT NULL,
    "quantity" DECIMAL(38,18) NOT NULL,
    "average_price" DECIMAL(38,18) NOT NULL,
    "realized_pnl" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "positions_pkey" PRIMARY KEY ("account_id","instrument_id")
);

-- CreateTable
CREATE TABLE "trading_state" (
    "scope" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT,
    "changed_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trading_state_pkey" PRIMARY KEY ("scope")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "sequence" BIGSERIAL NOT NULL,
    "message_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("sequence")
);

-- CreateTable
CREATE TABLE "outbox_lease" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbox_lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "instruments_venue_symbol_key" ON "instruments"("venue", "symbol");

-- CreateIndex
CREATE INDEX "orders_account_id_created_at_idx" ON "orders"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "orders_status_idx" ON "orders"("status");

-- CreateIndex
CREATE UNIQUE INDEX "order_events_event_id_key" ON "order_events"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_events_client_order_id_version_key" ON "order_events"("client_order_id", "version");

-- CreateIndex
CREATE INDEX "fills_client_order_id_idx" ON "fills"("client_order_id");

-- CreateIndex
CREATE INDEX "fills_account_id_occurred_at_idx" ON "fills"("account_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "fills_venue_trade_id_key" ON "fills"("venue", "trade_id");

-- CreateIndex
CREATE INDEX "audit_log_subject_type_subject_id_idx" ON "audit_log"("subject_type", "subject_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_id_key" ON "outbox"("message_id");

-- CreateIndex
CREATE INDEX "outbox_published_at_sequence_idx" ON "outbox"("published_at", "sequence");

-- AddForeignKey
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_client_order_id_fkey" FOREIGN KEY ("client_order_id") REFERENCES "orders"("client_order_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fills" ADD CONSTRAINT "fills_client_order_id_fkey" FOREIGN KEY ("client_order_id") REFERENCES "orders"("client_order_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express it): order events are append-only. History is corrected by
-- appending an event, never by rewriting one.
CREATE FUNCTION "order_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'order_events is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER "order_events_append_only"
    BEFORE UPDATE OR DELETE ON "order_events"
    FOR EACH ROW EXECUTE FUNCTION "order_events_append_only"();
