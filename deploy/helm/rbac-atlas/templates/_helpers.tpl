{{- define "rbac-atlas.name" -}}{{ .Release.Name }}{{- end -}}
{{- define "rbac-atlas.labels" -}}
app.kubernetes.io/name: rbac-atlas
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
{{- define "rbac-atlas.selector" -}}
app.kubernetes.io/name: rbac-atlas
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- /* The memory limit in MiB ("512Mi", "1Gi"; empty when none is set). */ -}}
{{- define "rbac-atlas.memoryLimitMiB" -}}
{{- $m := toString ((.Values.resources.limits | default dict).memory | default "") -}}
{{- if hasSuffix "Gi" $m }}{{ mul (trimSuffix "Gi" $m | atoi) 1024 }}
{{- else if hasSuffix "Mi" $m }}{{ trimSuffix "Mi" $m | atoi }}
{{- else if $m }}{{ fail (printf "resources.limits.memory: give it in Mi or Gi (got %q)" $m) }}
{{- end -}}
{{- end -}}
{{- define "rbac-atlas.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}
