import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@vakregister/event-store';
import {
  DecisionQueries,
  ProjectionEngine,
  type DecisionLocation,
  type ObjectionCase,
} from '@vakregister/projections';
import type { RequestActor } from '../access/request-actor';

/** How long a lookup waits for the decision index to catch up with the ledger. */
const CATCH_UP_MS = 5_000;

/**
 * Finds the professional a decision or objection belongs to (ids in URLs carry no professional
 * id), and hides other people's records from a professional with a 404, as everywhere.
 */
@Injectable()
export class DecisionLocator {
  constructor(
    private readonly queries: DecisionQueries,
    private readonly engine: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async decision(decisionId: string, actor: RequestActor): Promise<DecisionLocation> {
    const found = await this.lookUp(() => this.queries.decision(decisionId));
    return this.visible(found, actor, `No decision ${decisionId} is visible to you.`);
  }

  async objection(objectionId: string, actor: RequestActor): Promise<ObjectionCase> {
    const found = await this.lookUp(() => this.queries.objection(objectionId));
    return this.visible(found, actor, `No objection ${objectionId} is visible to you.`);
  }

  private async lookUp<T>(find: () => T | undefined): Promise<T | undefined> {
    const found = find();
    if (found) return found;
    // Not indexed yet, perhaps: wait until the index has seen everything in the ledger now.
    const head = (await this.store.health()).lastPosition;
    if (head !== undefined) await this.engine.waitFor(head, CATCH_UP_MS);
    return find();
  }

  private visible<T extends { professionalId: string }>(
    found: T | undefined,
    actor: RequestActor,
    message: string,
  ): T {
    if (
      !found ||
      (actor.role === 'professional' && found.professionalId !== actor.professionalId)
    ) {
      throw new NotFoundException(message);
    }
    return found;
  }
}
