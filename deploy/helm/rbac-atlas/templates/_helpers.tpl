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
{{- /* Where the app reads the audit log in its container: the mounted folder, or a file in it. */ -}}
{{- define "rbac-atlas.auditLogPath" -}}
{{- if .Values.auditLog.file -}}
/var/log/kubernetes/audit/{{ .Values.auditLog.file }}
{{- else -}}
/var/log/kubernetes/audit
{{- end -}}
{{- end -}}
{{- /* The pod's nodeSelector: its own, plus the audit log's (a control-plane node) when it is read. */ -}}
{{- define "rbac-atlas.nodeSelector" -}}
{{- $s := deepCopy (.Values.nodeSelector | default dict) -}}
{{- if .Values.auditLog.enabled }}{{ $s = merge $s (.Values.auditLog.nodeSelector | default dict) }}{{ end -}}
{{- toJson $s -}}
{{- end -}}
{{- define "rbac-atlas.tolerations" -}}
{{- $t := .Values.tolerations | default list -}}
{{- if .Values.auditLog.enabled }}{{ $t = concat $t (.Values.auditLog.tolerations | default list) }}{{ end -}}
{{- toJson $t -}}
{{- end -}}

{{/* auth.mode, checked: none or token (the app refuses to start on anything else: fail here first). */}}
{{- define "rbac-atlas.authMode" -}}
{{- $m := .Values.auth.mode | default "none" -}}
{{- if not (has $m (list "none" "token")) }}{{ fail (printf "auth.mode: none or token (got %q)" $m) }}{{ end -}}
{{- $m -}}
{{- end }}
