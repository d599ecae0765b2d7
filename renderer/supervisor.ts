// What a supervisor types to approve in place (issue #7): their staff ID and password. Pure (no
// DOM, no call): the counter's machine holds it; approval.ts sends it.
export interface SupervisorEntry {
  id: string;
  password: string;
}

export const NO_SUPERVISOR: SupervisorEntry = { id: '', password: '' };

export const filled = (s: SupervisorEntry): boolean => s.id.trim() !== '' && s.password !== '';
