{{/* The migration container but its command: the service's own image, its DATABASE_URL only. */}}
{{- define "ecommerce.migrationContainer" -}}
{{- $root := index . 0 -}}
{{- $app := index . 1 -}}
{{- $secret := ternary (include "ecommerce.secretName" $root) (include "ecommerce.fullname" (list $root "migration-secrets")) (or (not (empty $root.Values.secrets.existingSecret)) $root.Values.postgresql.enabled) -}}
image: {{ include "ecommerce.image" (list $root $app) }}
imagePullPolicy: {{ $root.Values.image.pullPolicy }}
env:
  - name: DATABASE_URL
    valueFrom:
      secretKeyRef: { name: {{ $secret }}, key: {{ $app }}-database-url }
resources:
  {{- toYaml $root.Values.migrations.resources | nindent 2 }}
securityContext:
  {{- toYaml $root.Values.containerSecurityContext | nindent 2 }}
volumeMounts:
  {{- include "ecommerce.tmpMount" $root | nindent 2 }}
{{- end -}}

{{/* The command that migrates an app's schema in its image, as a JSON array. */}}
{{- define "ecommerce.migrateCommand" -}}
{{- $root := index . 0 -}}
{{- $app := index . 1 -}}
{{- (index $root.Values.apps $app).migrateCommand | default (list "node_modules/.bin/ecommerce-db" "migrate" "deploy") | toJson -}}
{{- end -}}
