{{/* Shared parts of the in-chart single-node servers. */}}

{{- define "ecommerce.infraService" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $port := index . 2 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "ecommerce.fullname" (list $root $component) }}
  labels:
    {{- include "ecommerce.labels" (list $root $component) | nindent 4 }}
spec:
  selector:
    {{- include "ecommerce.selectorLabels" (list $root $component) | nindent 4 }}
  ports:
    - name: {{ $component }}
      port: {{ $port }}
      targetPort: {{ $port }}
      protocol: TCP
{{- end -}}

{{- define "ecommerce.infraNetworkPolicy" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $uses := index . 2 -}}
{{- $port := index . 3 -}}
{{- $jobs := index . 4 -}}
{{- if $root.Values.networkPolicy.enabled }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "ecommerce.fullname" (list $root $component) }}
  labels:
    {{- include "ecommerce.labels" (list $root $component) | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "ecommerce.selectorLabels" (list $root $component) | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- include "ecommerce.infraIngress" (list $root $uses $port $jobs) | nindent 4 }}
  egress: []
{{- end }}
{{- end -}}

{{- define "ecommerce.infraVolumeClaim" -}}
{{- $spec := index . 0 }}
volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      {{- with $spec.storageClassName }}
      storageClassName: {{ . }}
      {{- end }}
      resources:
        requests:
          storage: {{ $spec.storage }}
{{- end -}}

{{/* Non-root with the server image's own user, read-only root filesystem. */}}
{{- define "ecommerce.infraSecurity" -}}
{{- $root := index . 0 -}}
{{- $uid := index . 1 }}
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: {{ $uid }}
  runAsGroup: {{ $uid }}
  fsGroup: {{ $uid }}
  seccompProfile: { type: RuntimeDefault }
{{- end -}}
