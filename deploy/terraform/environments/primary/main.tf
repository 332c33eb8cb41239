# The primary region. Credentials come from the cloud provider (e.g. azurerm_kubernetes_cluster
# or aws_eks_cluster_auth data sources) through the variables below, never from files here.
module "ganymede" {
  source = "../../modules/ganymede"

  environment   = "primary"
  namespace     = var.namespace
  chart         = "${path.module}/../../../helm/ganymede"
  chart_version = var.chart_version
  values_file   = "${path.module}/values.yaml"
  image_tag     = var.image_tag

  kube_host                   = var.kube_host
  kube_cluster_ca_certificate = var.kube_cluster_ca_certificate
  kube_token                  = var.kube_token
}

output "release" {
  description = "The release: name, namespace, version, status, chart version."
  value = {
    name          = module.ganymede.release_name
    namespace     = module.ganymede.namespace
    version       = module.ganymede.version
    status        = module.ganymede.status
    chart_version = module.ganymede.chart_version
  }
}
