{{/* Names, labels and the pieces every app's objects share. */}}

{{- define "ecommerce.name" -}}
{{- .Chart.Name -}}
{{- end -}}

{{/* <release>-<component>, or just <component> when the release is named after the chart. */}}
{{- define "ecommerce.fullname" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- if eq $root.Release.Name $root.Chart.Name -}}
{{- $component | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" $root.Release.Name $component | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ecommerce.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{- define "ecommerce.labels" -}}
{{- $root := index . 0 -}}
{{ include "ecommerce.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "ecommerce.name" $root }}
app.kubernetes.io/version: {{ include "ecommerce.imageTag" $root | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version }}
{{- end -}}

{{- define "ecommerce.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* ecommerce/<app>:<tag> (or the app's `image` name), behind the registry when one is set. */}}
{{- define "ecommerce.image" -}}
{{- $root := index . 0 -}}
{{- $app := index . 1 -}}
{{- $name := (index $root.Values.apps $app).image | default $app -}}
{{- $image := printf "%s/%s:%s" $root.Values.image.repository $name (include "ecommerce.imageTag" $root) -}}
{{- with $root.Values.image.registry -}}
{{- printf "%s/%s" (trimSuffix "/" .) $image -}}
{{- else -}}
{{- $image -}}
{{- end -}}
{{- end -}}

{{- define "ecommerce.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "ecommerce.fullname" (list . "secrets")) -}}
{{- end -}}

{{/* The cluster DNS name of an app's Service, as a base URL. */}}
{{- define "ecommerce.appUrl" -}}
{{- $root := index . 0 -}}
{{- $app := index . 1 -}}
{{- $spec := index $root.Values.apps $app -}}
{{- printf "http://%s:%v" (include "ecommerce.fullname" (list $root $app)) $spec.port -}}
{{- end -}}

{{- define "ecommerce.postgresHost" -}}
{{- if .Values.postgresql.enabled -}}
{{- include "ecommerce.fullname" (list . "postgresql") -}}
{{- else -}}
{{- .Values.postgres.host -}}
{{- end -}}
{{- end -}}

{{- define "ecommerce.kafkaBrokers" -}}
{{- if .Values.kafka.enabled -}}
{{- printf "%s:9092" (include "ecommerce.fullname" (list . "kafka")) -}}
{{- else -}}
{{- .Values.kafkaBrokers -}}
{{- end -}}
{{- end -}}

{{- define "ecommerce.redisUrl" -}}
{{- if .Values.redis.enabled -}}
{{- printf "redis://%s:6379" (include "ecommerce.fullname" (list . "redis")) -}}
{{- else -}}
{{- .Values.redisUrl -}}
{{- end -}}
{{- end -}}

{{/* postgresql://<role>:<password>@<host>:<port>/<database>[?parameters] */}}
{{- define "ecommerce.databaseUrl" -}}
{{- $root := index . 0 -}}
{{- $app := index . 1 -}}
{{- $spec := index $root.Values.apps $app -}}
{{- $password := index $root.Values.secrets.databasePasswords $app | required (printf "secrets.databasePasswords.%s is required (or secrets.existingSecret)" $app) -}}
{{- $url := printf "postgresql://%s:%s@%s:%v/%s" $spec.database.role (urlquery $password) (include "ecommerce.postgresHost" $root) (ternary 5432 $root.Values.postgres.port $root.Values.postgresql.enabled) $root.Values.postgres.database -}}
{{- with $root.Values.postgres.parameters -}}
{{- printf "%s?%s" $url . -}}
{{- else -}}
{{- $url -}}
{{- end -}}
{{- end -}}

{{/* The environment from the Secret: DATABASE_URL, REDIS_URL, JWT_PRIVATE_KEY as they apply. */}}
{{- define "ecommerce.secretEnv" -}}
{{- $root := index . 0 -}}
{{- $app := index . 1 -}}
{{- $secret := index . 2 -}}
{{- $spec := index $root.Values.apps $app -}}
{{- if $spec.database }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ $app }}-database-url }
{{- end }}
{{- if $spec.redis }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: redis-url }
{{- end }}
{{- if eq $app "user-service" }}
- name: JWT_PRIVATE_KEY
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: jwt-private-key, optional: true }
{{- end }}
{{- end -}}

{{- define "ecommerce.podSecurity" -}}
{{- $root := index . 0 -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* A writable /tmp on a read-only root filesystem. */}}
{{- define "ecommerce.tmpVolume" -}}
- name: tmp
  emptyDir: { sizeLimit: 64Mi }
{{- end -}}
{{- define "ecommerce.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}
