import { randomUUID } from 'node:crypto';
import type { ArmErrorBody } from './types';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

/** How an operation that did not succeed ended; ARM's status resource carries `error` for both (RPC-A). */
export interface OperationEnd {
  readonly status: 'Failed' | 'Canceled';
  readonly error: ArmErrorBody;
}

export interface Operation {
  readonly id: string;
  readonly namespace: string;
  readonly location: string;
  readonly action: 'write' | 'delete';
  /** The family the operation holds (lower-cased VNet, route table or firewall policy id; see operationLocks.ts). */
  readonly lockKey: string | undefined;
  /** The resource written or deleted. */
  readonly resourceId: string;
  /** Network's name for it in busy errors, e.g. PutSubnetOperation. */
  readonly operationName: string;
  readonly startTime: string;
  readonly dueAt: number;
  status: OperationStatus;
  endTime?: string;
  error?: ArmErrorBody;
}

export interface StartOperation {
  namespace: string;
  location: string;
  action: 'write' | 'delete';
  lockKey?: string | undefined;
  resourceId: string;
  operationName: string;
  delayMs: number;
  /** Runs when the delay has passed; returns how it ended unless it succeeded. */
  complete: () => OperationEnd | undefined;
}

/** Long-running operations: each completes on a timer, whether or not anybody polls it. */
export class OperationTracker {
  private readonly operations = new Map<string, Operation>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Map<string, Array<() => void>>();

  start(request: StartOperation): Operation {
    const operation: Operation = {
      id: randomUUID(),
      namespace: request.namespace,
      location: request.location,
      action: request.action,
      lockKey: request.lockKey,
      resourceId: request.resourceId,
      operationName: request.operationName,
      startTime: new Date().toISOString(),
      dueAt: Date.now() + request.delayMs,
      status: 'InProgress',
    };
    this.operations.set(operation.id, operation);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.finish(operation, request.complete);
    }, request.delayMs);
    this.timers.add(timer);
    return operation;
  }

  get(id: string): Operation | undefined {
    return this.operations.get(id.toLowerCase()) ?? this.operations.get(id);
  }

  /** The running operation holding `lockKey`, if any. */
  runningWithLock(lockKey: string): Operation | undefined {
    for (const operation of this.operations.values()) {
      if (operation.status === 'InProgress' && operation.lockKey === lockKey) return operation;
    }
    return undefined;
  }

  /** Resolves when the operation ends or after `maxWaitMs`, whichever comes first. */
  async waitFor(operation: Operation, maxWaitMs: number): Promise<void> {
    if (operation.status !== 'InProgress' || maxWaitMs <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      const list = this.waiters.get(operation.id) ?? [];
      list.push(done);
      this.waiters.set(operation.id, list);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Stops pending timers (their operations never complete) and releases waiting polls. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const list of this.waiters.values()) list.forEach((wake) => wake());
    this.waiters.clear();
  }

  private finish(operation: Operation, complete: () => OperationEnd | undefined): void {
    let end: OperationEnd | undefined;
    try {
      end = complete();
    } catch (thrown) {
      end = { status: 'Failed', error: { code: 'InternalServerError', message: thrown instanceof Error ? thrown.message : String(thrown) } };
    }
    operation.status = end?.status ?? 'Succeeded';
    if (end) operation.error = { ...end.error, details: end.error.details ?? [] };
    operation.endTime = new Date().toISOString();
    this.waiters.get(operation.id)?.forEach((wake) => wake());
    this.waiters.delete(operation.id);
  }
}
