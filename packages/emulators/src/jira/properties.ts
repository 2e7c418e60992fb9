import { JiraHandler, ok, problem } from './api';

/** `GET /issue/{idOrKey}/properties/{key}`. */
export const getProperty: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const key = call.params.propertyKey;
  if (!(key in issue.properties))
    throw problem(404, [`The property with key '${key}' does not exist.`]);
  return ok({ key, value: issue.properties[key] });
};

/** `PUT /issue/{idOrKey}/properties/{key}`: any JSON up to 32,768 characters; 201, then 200. */
export const setProperty: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const key = call.params.propertyKey;
  if (key.length > 255)
    throw problem(400, [
      'The property key can not be longer than 255 characters.',
    ]);
  const text = call.body.toString('utf8');
  if (text.trim().length === 0)
    throw problem(400, ['The property value must not be empty.']);
  if (text.length > 32768)
    throw problem(400, [
      'The property value can not be longer than 32768 characters.',
    ]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem(400, ['The property value must be a valid JSON.']);
  }
  const existed = key in issue.properties;
  issue.properties[key] = value;
  return { status: existed ? 200 : 201 };
};
