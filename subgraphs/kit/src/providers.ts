/**
 * Delivery channels. Each channel has a provider interface; the worker hands it one message with its idempotency key,
 * and the provider must make a second call with the same key send nothing (redelivery after a crash).
 * - SMS: `RecordingSmsProvider` (default) records each message in the subgraph's `sms_log` table; `TencentSmsProvider`
 *   sends through Tencent Cloud SMS when `SMS_PROVIDER=tencent` (credentials from the environment).
 * - In-app: `MessageCentreProvider` drops the message into the message centre (`platform.messages`), which serves
 *   `myMessages`; the subgraph's role may only insert there.
 */
import type { Database } from '@qq/db/client';
import { messages as centre } from '@qq/db/schema/platform';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowsOf } from './jobs.ts';
import type { MessagePayload } from './messaging.ts';

export interface SmsMessage {
  idempotencyKey: string;
  phone: string;
  /** Template code at the gateway and its parameters. */
  template: string;
  params: Record<string, string | number>;
  /** The rendered text (for gateways and logs that take text). */
  text: string;
}

export interface SmsProvider {
  name: string;
  send(message: SmsMessage): Promise<void>;
}

export interface InboxMessage {
  idempotencyKey: string;
  /** The subgraph that sent it. */
  source: string;
  topic: string;
  payload: MessagePayload;
}

export interface InboxProvider {
  deliver(message: InboxMessage): Promise<void>;
}

export interface Providers {
  sms: SmsProvider;
  inbox: InboxProvider;
}

/** The default SMS provider: records each message once per key in the subgraph's `sms_log`. */
export class RecordingSmsProvider implements SmsProvider {
  readonly name = 'recording';
  constructor(
    private readonly db: Database,
    private readonly smsLog: PgTable,
  ) {}

  async send(m: SmsMessage): Promise<void> {
    await this.db.execute(
      sql`insert into ${this.smsLog} (idempotency_key, phone, template, params, text, provider)
          values (${m.idempotencyKey}, ${m.phone}, ${m.template}, ${JSON.stringify(m.params)}::jsonb, ${m.text}, ${this.name})
          on conflict (idempotency_key) do nothing`,
    );
  }
}

/**
 * Tencent Cloud SMS (tencentcloud-sdk-nodejs-sms): `SMS_PROVIDER=tencent` with `TENCENTCLOUD_SECRET_ID`,
 * `TENCENTCLOUD_SECRET_KEY`, `SMS_SDK_APP_ID`, `SMS_SIGN_NAME`, `SMS_REGION` (default ap-guangzhou) and
 * `SMS_TEMPLATES` (JSON: our template code → the gateway's template id; parameters go in the template's order).
 * The idempotency key travels as `SessionContext`. The gateway itself does not deduplicate, so the subgraph's
 * `sms_log` is checked before and written after each send: a redelivery finds the key and sends nothing; only a
 * crash in the instant between the gateway's answer and that write could send twice.
 */
export class TencentSmsProvider implements SmsProvider {
  readonly name = 'tencent';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private client: Promise<any> | null = null;

  constructor(
    private readonly db: Database,
    private readonly smsLog: PgTable,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    for (const key of ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY', 'SMS_SDK_APP_ID', 'SMS_SIGN_NAME']) {
      if (!env[key]) throw new Error(`SMS_PROVIDER=tencent needs ${key}`);
    }
  }

  private templates(): Record<string, string> {
    return JSON.parse(this.env.SMS_TEMPLATES ?? '{}') as Record<string, string>;
  }

  async send(m: SmsMessage): Promise<void> {
    const seen = await this.db.execute(sql`select 1 from ${this.smsLog} where idempotency_key = ${m.idempotencyKey}`);
    if (rowsOf(seen).length > 0) return;
    const templateId = this.templates()[m.template];
    if (!templateId) throw new Error(`SMS template ${m.template} has no Tencent template id in SMS_TEMPLATES`);
    this.client ??= import('tencentcloud-sdk-nodejs-sms').then(
      (sdk) =>
        new sdk.sms.v20210111.Client({
          credential: { secretId: this.env.TENCENTCLOUD_SECRET_ID, secretKey: this.env.TENCENTCLOUD_SECRET_KEY },
          region: this.env.SMS_REGION ?? 'ap-guangzhou',
        }),
    );
    const client = await this.client;
    const answer = await client.SendSms({
      SmsSdkAppId: this.env.SMS_SDK_APP_ID,
      SignName: this.env.SMS_SIGN_NAME,
      TemplateId: templateId,
      TemplateParamSet: Object.values(m.params).map(String),
      PhoneNumberSet: [m.phone.startsWith('+') ? m.phone : `+86${m.phone}`],
      SessionContext: m.idempotencyKey,
    });
    const status = answer?.SendStatusSet?.[0];
    if (!status || status.Code !== 'Ok')
      throw new Error(`Tencent SMS: ${status?.Code ?? 'no status'} ${status?.Message ?? ''}`);
    await this.db.execute(
      sql`insert into ${this.smsLog} (idempotency_key, phone, template, params, text, provider)
          values (${m.idempotencyKey}, ${m.phone}, ${m.template}, ${JSON.stringify(m.params)}::jsonb, ${m.text}, ${this.name})
          on conflict (idempotency_key) do nothing`,
    );
  }
}

/** The SMS provider the environment asks for (`SMS_PROVIDER`: `recording`, the default, or `tencent`). */
export function smsProviderFromEnv(db: Database, smsLog: PgTable, env: NodeJS.ProcessEnv = process.env): SmsProvider {
  const kind = env.SMS_PROVIDER ?? 'recording';
  if (kind === 'recording') return new RecordingSmsProvider(db, smsLog);
  if (kind === 'tencent') return new TencentSmsProvider(db, smsLog, env);
  throw new Error(`SMS_PROVIDER=${kind}: use recording or tencent`);
}

/** In-app delivery into the message centre; a key already delivered inserts nothing. */
export class MessageCentreProvider implements InboxProvider {
  constructor(private readonly db: Database) {}

  async deliver(m: InboxMessage): Promise<void> {
    const to = m.payload.to;
    if (!to) throw new Error(`in-app message ${m.idempotencyKey} has no recipient`);
    await this.db
      .insert(centre)
      .values({
        idempotencyKey: m.idempotencyKey,
        source: m.source,
        topic: m.topic,
        enterpriseCode: 'enterprise' in to ? to.enterprise : null,
        userId: 'user' in to ? to.user : null,
        departmentCode: 'dept' in to ? to.dept : null,
        countyCode: 'county' in to ? to.county : null,
        title: m.payload.title,
        body: m.payload.text,
        data: m.payload.data ?? null,
      })
      // No conflict target: naming one would need the right to read the column, and the role may only insert.
      .onConflictDoNothing();
  }
}
