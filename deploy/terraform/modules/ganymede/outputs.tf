output "release_name" {
  description = "Helm release name."
  value       = helm_release.ganymede.name
}

output "namespace" {
  description = "Namespace of the release."
  value       = helm_release.ganymede.namespace
}

output "version" {
  description = "Application (Ganymede) version deployed."
  value       = helm_release.ganymede.metadata[0].app_version
}

output "status" {
  description = "Release status (deployed, failed, ...)."
  value       = helm_release.ganymede.status
}

output "chart_version" {
  description = "Chart version deployed."
  value       = helm_release.ganymede.metadata[0].version
}
