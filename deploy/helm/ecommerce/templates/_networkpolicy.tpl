{{/* Egress to one kind of infrastructure: the in-chart pods, or the configured peers (any address when none). */}}
{{- define "ecommerce.infraEgress" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $inChart := index . 2 -}}
{{- $peers := index . 3 -}}
{{- $port := index . 4 -}}
- ports: [{ protocol: TCP, port: {{ $port }} }]
  {{- if $inChart }}
  to:
    - podSelector:
        matchLabels:
          {{- include "ecommerce.selectorLabels" (list $root $component) | nindent 10 }}
  {{- else if $peers }}
  to:
    {{- toYaml $peers | nindent 4 }}
  {{- end }}
{{- end -}}

{{- define "ecommerce.postgresEgress" -}}
{{- include "ecommerce.infraEgress" (list . "postgresql" .Values.postgresql.enabled .Values.networkPolicy.postgresPeers (ternary 5432 .Values.postgres.port .Values.postgresql.enabled)) -}}
{{- end -}}

{{/* Ingress to an in-chart server from the apps that use it (and the migrations, for PostgreSQL). */}}
{{- define "ecommerce.infraIngress" -}}
{{- $root := index . 0 -}}
{{- $uses := index . 1 -}}
{{- $port := index . 2 -}}
{{- $migrations := index . 3 -}}
- ports: [{ protocol: TCP, port: {{ $port }} }]
  from:
    {{- range $app, $spec := $root.Values.apps }}
    {{- if index $spec $uses }}
    - podSelector:
        matchLabels:
          {{- include "ecommerce.selectorLabels" (list $root $app) | nindent 10 }}
    {{- end }}
    {{- end }}
    {{- if $migrations }}
    - podSelector:
        {{- include "ecommerce.jobPodSelector" $root | nindent 8 }}
    {{- end }}
{{- end -}}

{{/* The pods of the chart's one-shot Jobs: migrations and seeds. */}}
{{- define "ecommerce.jobPodSelector" -}}
matchLabels:
  app.kubernetes.io/instance: {{ .Release.Name }}
matchExpressions:
  - { key: app.kubernetes.io/component, operator: In, values: [migration, seed] }
{{- end -}}
