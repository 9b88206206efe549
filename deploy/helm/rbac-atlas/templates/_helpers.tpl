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
