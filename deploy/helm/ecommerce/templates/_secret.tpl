{{/* The Secret the apps read: per app with a database <app>-database-url, redis-url, jwt-private-key. */}}
{{- define "ecommerce.secret" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $hook := index . 2 }}
---
apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: {{ $name }}
  labels:
    {{- include "ecommerce.labels" (list $root "secrets") | nindent 4 }}
  {{- if $hook }}
  annotations:
    # Exists before the migration Jobs, replaced on every upgrade, removed once they succeed.
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-10"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
  {{- end }}
stringData:
  {{- range $app, $spec := $root.Values.apps }}
  {{- if $spec.database }}
  {{ $app }}-database-url: {{ include "ecommerce.databaseUrl" (list $root $app) | quote }}
  {{- end }}
  {{- end }}
  {{- if not $hook }}
  redis-url: {{ include "ecommerce.redisUrl" $root | quote }}
  {{- with $root.Values.secrets.jwtPrivateKey }}
  jwt-private-key: {{ . | quote }}
  {{- end }}
  {{- end }}
{{- end -}}
