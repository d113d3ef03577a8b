#!/bin/sh
# Writes Alertmanager's configuration to stdout from the environment (Alertmanager itself
# reads no environment variables). Critical alerts go to every channel that is set, warnings
# to Slack and e-mail; a channel whose variable is empty is left out, and with none set the
# alerts only show in Alertmanager's UI.
set -eu

if [ -n "${ALERT_EMAIL_TO:-}" ] && [ -z "${SMTP_SMARTHOST:-}" ]; then
  echo "render.sh: ALERT_EMAIL_TO needs SMTP_SMARTHOST (host:port)" >&2
  exit 1
fi

# One line of output, as is (echo may interpret backslashes).
say() {
  printf '%s\n' "$1"
}

# A YAML double-quoted string.
quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

cat <<'YAML'
route:
  receiver: warning
  group_by: [alertname, job]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers: ['severity="critical"']
      receiver: critical
      repeat_interval: 1h

# While no instance of a service answers, its other alerts are noise.
inhibit_rules:
  - source_matchers: ['alertname="ServiceDown"']
    target_matchers: ['alertname!="ServiceDown"']
    equal: [job]

receivers:
YAML

for severity in critical warning; do
  say "  - name: $severity"
  if [ -n "${SLACK_WEBHOOK_URL:-}" ]; then
    say "    slack_configs:"
    say "      - api_url: $(quote "$SLACK_WEBHOOK_URL")"
    say "        channel: $(quote "${SLACK_CHANNEL:-#alerts}")"
    say "        send_resolved: true"
  fi
  if [ -n "${ALERT_EMAIL_TO:-}" ]; then
    say "    email_configs:"
    say "      - to: $(quote "$ALERT_EMAIL_TO")"
    say "        from: $(quote "${ALERT_EMAIL_FROM:-alertmanager@localhost}")"
    say "        smarthost: $(quote "$SMTP_SMARTHOST")"
    if [ -n "${SMTP_USERNAME:-}" ]; then
      say "        auth_username: $(quote "$SMTP_USERNAME")"
      say "        auth_password: $(quote "${SMTP_PASSWORD:-}")"
    fi
    say "        send_resolved: true"
  fi
  if [ "$severity" = critical ] && [ -n "${PAGERDUTY_ROUTING_KEY:-}" ]; then
    say "    pagerduty_configs:"
    say "      - routing_key: $(quote "$PAGERDUTY_ROUTING_KEY")"
  fi
  if [ "$severity" = critical ] && [ -n "${ALERT_WEBHOOK_URL:-}" ]; then
    say "    webhook_configs:"
    say "      - url: $(quote "$ALERT_WEBHOOK_URL")"
  fi
done
