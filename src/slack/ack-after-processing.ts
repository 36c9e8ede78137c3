/**
 * Socket Mode counterpart of HTTPReceiver's `processBeforeResponse`: Bolt acknowledges Events API
 * envelopes before any listener runs, so this wrapper holds every ack until the listeners have finished.
 * The inbox row is therefore written before Slack hears back; if a listener throws, no ack is sent and
 * Slack delivers the envelope again.
 */
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";

export class AckAfterProcessing implements Receiver {
  constructor(private readonly inner: Receiver) {}

  init(app: App): void {
    const processEvent = async (event: ReceiverEvent): Promise<void> => {
      let acked = false;
      let response: unknown;
      await app.processEvent({
        ...event,
        ack: async (body?: unknown) => {
          if (acked) return;
          acked = true;
          response = body;
        },
      });
      if (acked) await event.ack(response);
    };
    // The inner receiver only ever calls processEvent on what it is given.
    this.inner.init({ processEvent } as unknown as App);
  }

  start(...args: unknown[]): Promise<unknown> {
    return this.inner.start(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return this.inner.stop(...args);
  }
}
