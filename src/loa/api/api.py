from ninja import NinjaAPI

api = NinjaAPI(title="Loa API", version="1", urls_namespace="api")
