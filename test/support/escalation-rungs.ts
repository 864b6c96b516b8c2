/**
 * A select-list column `rungs` for an alert `a`: every alert its incident escalated to, by level,
 * with the post, how late past the deadline it left (ms), how often the post it left was told
 * (`escalated` events) and how often it was announced to its new post (`alert` events).
 */
export const ESCALATION_RUNGS = `(SELECT json_agg(json_build_object(
    'post', c.police_post_id, 'level', c.escalation_level,
    'late', extract(epoch FROM p.escalated_at - p.deadline_at) * 1000,
    'told', (SELECT count(*)::int FROM alert_events e
              WHERE e.alert_id = p.id AND e.type = 'escalated'),
    'announced', (SELECT count(*)::int FROM alert_events e
                   WHERE e.alert_id = c.id AND e.type = 'alert'))
    ORDER BY c.escalation_level)
  FROM alerts c JOIN alerts p ON p.id = c.parent_alert_id
  WHERE c.incident_id = a.incident_id) AS rungs`;
