// The guided day close's steps (renderer/screens/DayClose.tsx): the five steps in order with their
// titles, and whether the supervisor who approves a difference gives a password or only an ID.
import { isApprovalAction } from '../../../shared/api';
import type { MessageKey } from '../../i18n/messages';

export type Step = 1 | 2 | 3 | 4 | 5;
export const STEPS: readonly { step: Step; title: MessageKey }[] = [
  { step: 1, title: 'dayClose.step.till' },
  { step: 2, title: 'dayClose.step.safe' },
  { step: 3, title: 'dayClose.step.compare' },
  { step: 4, title: 'dayClose.step.reconcile' },
  { step: 5, title: 'dayClose.step.close' },
];

/**
 * Whether the Terminal takes a supervisor's approval (ID and password, auth.approve) for the close;
 * until it does, the close records the supervisor's ID.
 */
export const CLOSE_ACTION: string = 'dayClose.close';
export const APPROVAL_BY_PASSWORD = isApprovalAction(CLOSE_ACTION);
