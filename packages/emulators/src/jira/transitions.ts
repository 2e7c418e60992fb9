import { isRecord } from '../shared/http';
import { JiraHandler, JiraService, jsonBody, ok, problem } from './api';
import { editedCopy } from './edits';
import { statusJson } from './representations';
import type { JiraIssue } from './state';

function availableTransitions(jira: JiraService, issue: JiraIssue) {
  return jira.state.settings.transitions.filter(
    t => t.from === '*' || t.from.includes(issue.statusId),
  );
}

/** `GET /issue/{idOrKey}/transitions`: those available from the current status. */
export const getTransitions: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const only = call.query.get('transitionId');
  const transitions = availableTransitions(jira, issue)
    .filter(t => !only || t.id === only)
    .map(t => ({
      id: t.id,
      name: t.name,
      to: statusJson(
        jira,
        jira.state.settings.statuses.find(s => s.id === t.to)!,
      ),
      hasScreen: false,
      isGlobal: t.from === '*',
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    }));
  return ok({ expand: 'transitions', transitions });
};

/** `POST /issue/{idOrKey}/transitions`: moves the issue, with optional field changes; 204. */
export const doTransition: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const body = jsonBody(call);
  const ref = isRecord(body.transition) ? body.transition : undefined;
  if (!ref || ref.id === undefined)
    throw problem(400, ["Missing 'transition' identifier"]);
  const id = String(ref.id);
  const transition = availableTransitions(jira, issue).find(t => t.id === id);
  if (!transition)
    throw problem(400, [`Transition id '${id}' is not valid for this issue.`]);
  const draft = editedCopy(jira, call, issue, body);
  draft.statusId = transition.to;
  jira.state.issues[issue.id] = draft;
  return { status: 204 };
};
