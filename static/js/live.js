/* k8s-learn live sandbox: one websocket per sandbox widget; JSON frames in, pod cards, events,
   control-plane replay, YAML editor and kubectl console out. No framework, no CDN.
   Protocol: ARCHITECTURE.md ("Websocket messages"). Translated texts come from #live-i18n. */
(function () {
  "use strict";
  if (window.K8sLive) return;

  var STATUSES = ["Pending", "ContainerCreating", "Running", "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
    "Error", "Completed", "Terminating", "OOMKilled", "PodInitializing"];
  var COMMANDS = ["annotate", "api-resources", "api-versions", "apply", "cluster-info", "config", "create", "delete",
    "describe", "edit", "explain", "expose", "get", "label", "patch", "rollout", "run", "scale", "set", "version"];
  var RESOURCES = {
    pods: "Pod", pod: "Pod", po: "Pod", deployments: "Deployment", deployment: "Deployment", deploy: "Deployment",
    replicasets: "ReplicaSet", replicaset: "ReplicaSet", rs: "ReplicaSet", services: "Service", service: "Service",
    svc: "Service", nodes: "Node", node: "Node", no: "Node", namespaces: "Namespace", ns: "Namespace",
    ingresses: "Ingress", ingress: "Ingress", ing: "Ingress", statefulsets: "StatefulSet", sts: "StatefulSet",
    daemonsets: "DaemonSet", ds: "DaemonSet", jobs: "Job", job: "Job"
  };
  var RESOURCE_NAMES = ["configmaps", "cronjobs", "daemonsets", "deployments", "endpoints", "events", "ingresses", "jobs",
    "namespaces", "nodes", "pods", "replicasets", "secrets", "services", "statefulsets"];
  var CP_BOXES = {
    kubectl: [20, 105, "kubectl"], "api-server": [260, 105, "API server"], etcd: [500, 105, "etcd"],
    "controller-manager": [130, 15, "controller manager"], scheduler: [390, 15, "scheduler"],
    kubelet: [200, 195, "kubelet"], runtime: [420, 195, "container runtime"]
  };
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MAX_EVENT_LINES = 200, MAX_TRACES = 3000, MAX_STEPS = 150, MAX_OUTPUT_CHARS = 200000, MAX_QUEUE = 50;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fmt(template, params) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_, key) {
      return params[key] === undefined || params[key] === null ? "" : String(params[key]);
    }).replace(/\s+([.,:])/g, "$1").replace(/\s{2,}/g, " ").trim();
  }

  function age(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 120) return seconds + "s";
    var minutes = Math.floor(seconds / 60);
    if (minutes < 10) return minutes + "m" + (seconds % 60) + "s";
    if (minutes < 180) return minutes + "m";
    return Math.floor(minutes / 60) + "h";
  }

  function pad(text, width) {
    text = String(text);
    return text.length >= width ? text + "   " : text + new Array(width - text.length + 4).join(" ");
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }

  function statusOf(summary) {
    if (summary.deleting) return "Terminating";
    return summary.status || summary.phase || "Pending";
  }

  function rvNumber(rv) { var n = parseInt(rv, 10); return isNaN(n) ? -1 : n; }

  /* ------------------------------------------------------------------------------------------- */

  function Live(root) {
    this.root = root;
    this.t = JSON.parse(document.getElementById("live-i18n").textContent);
    this.objects = new Map();
    this.cards = new Map();
    this.lastSeq = 0;
    this.clock = { t: 0, at: performance.now() };
    this.speed = 1;
    this.mode = root.dataset.mode || "drive";  // "watch": an instructor looking on, read-only
    this.queue = [];
    this.retries = 0;
    this.traces = [];
    this.playback = null;
    this.history = [];
    this.historyAt = 0;
    this.selected = null;
    this.applyTarget = null;
    this.eventLines = [];
    this.changedTimer = null;
    this.lastChanged = 0;
    this.$ = function (id) { return root.querySelector("#" + id); };
    this.bind();
    this.drawControlPlane();
    this.connect();
    var self = this;
    this.clockTimer = setInterval(function () { self.renderClock(); }, 250);
  }

  Live.prototype.ui = function (key) { return (this.t.ui && this.t.ui[key]) || key; };

  /* --- connection ----------------------------------------------------------------------------- */

  Live.prototype.connect = function () {
    var self = this;
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    this.setStatus("connecting");
    var ws = new WebSocket(proto + "//" + location.host + this.root.dataset.ws);
    this.ws = ws;
    ws.onopen = function () {
      self.retries = 0;
      self.setStatus(self.mode === "watch" ? "readonly" : "live");
      var queued = self.queue.splice(0);
      queued.forEach(function (m) { ws.send(JSON.stringify(m)); });
    };
    ws.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      self.handle(message);
    };
    ws.onclose = function (event) {
      if (self.ws !== ws) return;
      if (event.code === 4403 || event.code === 4404) { self.setStatus("closed"); self.closed = true; return; }
      self.setStatus("offline");
      self.retries += 1;
      setTimeout(function () { self.connect(); }, Math.min(10000, 500 * Math.pow(2, self.retries)));
    };
  };

  Live.prototype.send = function (message) {
    if (this.closed) return;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
    else if (this.queue.length < MAX_QUEUE) this.queue.push(message);
  };

  Live.prototype.setStatus = function (state) {
    var status = this.$("live-status");
    status.dataset.state = state;
    status.textContent = this.ui(state);
  };

  Live.prototype.handle = function (message) {
    if (message.type === "frames") {
      if (message.reset) this.resetState(message);
      else if (message.seq !== undefined && this.resume) this.finishResume(message.frames || []);
      else this.applyFrames(message.frames || [], false);
    } else if (message.type === "result") {
      this.onResult(message);
    } else if (message.type === "error") {
      this.print("error: " + message.message + "\n", "error");
      if (this.applyTarget) { this.showApplyErrors([{ message: message.message }], message.message); }
      if (message.code === "forbidden" || message.code === "not_found") this.setStatus("closed");
    }
  };

  /* --- state ------------------------------------------------------------------------------------ */

  Live.prototype.resetState = function (message) {
    if (this.resume) { clearTimeout(this.resume.timer); this.resume = null; }
    this.objects.clear();
    var self = this;
    (message.objects || []).forEach(function (o) {
      self.objects.set(o.kind + "/" + (o.namespace || "") + "/" + o.name, o);
    });
    this.lastSeq = message.seq || 0;
    this.clock = { t: message.t || 0, at: performance.now() };
    if (message.mode) {
      this.mode = message.mode;
      this.setStatus(this.mode === "watch" ? "readonly" : "live");
      this.root.classList.toggle("read-only", this.mode !== "drive");
    }
    if (message.speed !== undefined) this.showSpeed(message.speed);
    this.eventLines = [];
    this.traces = [];
    this.applyFrames(message.frames || [], true);
    this.render();
    this.changed();
  };

  Live.prototype.applyFrames = function (frames, history) {
    if (!history && frames.length) {
      if (this.resume) { this.resume.buffered = this.resume.buffered.concat(frames); return; }
      if (frames[0].seq > this.lastSeq + 1) {
        // Frames went missing on the way: ask for them, hold what came meanwhile (ARCHITECTURE "resume").
        var self = this;
        this.resume = { buffered: frames.slice(), timer: setTimeout(function () { self.finishResume([]); }, 3000) };
        this.send({ action: "resume", since: this.lastSeq });
        return;
      }
    }
    var objectsChanged = false;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (!history && f.seq <= this.lastSeq) continue;
      if (f.type === "object") { if (!history && this.applyObject(f)) objectsChanged = true; }
      else if (f.type === "event") this.addEvent(f);
      else if (f.type === "trace") this.addTrace(f);
      if (f.t !== undefined && f.t >= this.clock.t) this.clock = { t: f.t, at: performance.now() };
      if (!history && f.seq > this.lastSeq) this.lastSeq = f.seq;
    }
    if (objectsChanged) { this.render(); this.changed(); }
  };

  Live.prototype.finishResume = function (frames) {
    var resume = this.resume;
    if (!resume) return;
    clearTimeout(resume.timer);
    this.resume = null;
    var all = frames.concat(resume.buffered).sort(function (a, b) { return a.seq - b.seq; });
    if (all.length) this.lastSeq = Math.max(this.lastSeq, all[0].seq - 1);  // what the server no longer has stays missing
    this.applyFrames(all, false);
  };

  Live.prototype.applyObject = function (f) {
    var key = f.kind + "/" + (f.namespace || "") + "/" + f.name;
    var known = this.objects.get(key);
    if (known && rvNumber(f.rv) >= 0 && rvNumber(known.rv) > rvNumber(f.rv)) return false; // an older frame
    if (f.op === "DELETED") this.objects.delete(key);
    else this.objects.set(key, { kind: f.kind, namespace: f.namespace, name: f.name, rv: f.rv, summary: f.summary || {} });
    return true;
  };

  Live.prototype.changed = function () {
    // The object graph is redrawn at most every 2 s (the server renders it; htmx fetches it).
    if (this.changedTimer || !this.$("live-diagram")) return;
    var self = this;
    var wait = Math.max(300, 2000 - (performance.now() - this.lastChanged));
    this.changedTimer = setTimeout(function () {
      self.changedTimer = null;
      self.lastChanged = performance.now();
      document.body.dispatchEvent(new CustomEvent("k8s-changed"));
    }, wait);
  };

  Live.prototype.list = function (kind) {
    var out = [];
    this.objects.forEach(function (o) { if (o.kind === kind) out.push(o); });
    out.sort(function (a, b) { return (a.namespace + "/" + a.name).localeCompare(b.namespace + "/" + b.name); });
    return out;
  };

  /* --- drawing the cluster ----------------------------------------------------------------------- */

  Live.prototype.render = function () {
    var self = this, nodesEl = this.$("live-nodes");
    var nodes = this.list("Node");
    nodes.sort(function (a, b) {
      var ca = (a.summary.roles || []).indexOf("control-plane") >= 0 ? 0 : 1;
      var cb = (b.summary.roles || []).indexOf("control-plane") >= 0 ? 0 : 1;
      return ca - cb || a.name.localeCompare(b.name);
    });
    var boxes = new Map();
    Array.prototype.forEach.call(nodesEl.children, function (box) { boxes.set(box.dataset.node, box); });
    var wanted = [];
    nodes.forEach(function (node) { wanted.push([node.name, node]); });
    var pods = this.list("Pod").filter(function (p) { return p.namespace !== "kube-system"; });
    var byNode = new Map();
    pods.forEach(function (p) {
      var where = p.summary.node || "";
      if (!byNode.has(where)) byNode.set(where, []);
      byNode.get(where).push(p);
    });
    if (byNode.has("")) wanted.unshift(["", null]);
    wanted.forEach(function (item, index) {
      var name = item[0], node = item[1];
      var box = boxes.get(name) || self.nodeBox(name);
      boxes.delete(name);
      self.updateNodeBox(box, node, byNode.get(name) || []);
      if (nodesEl.children[index] !== box) nodesEl.insertBefore(box, nodesEl.children[index] || null);
    });
    boxes.forEach(function (box) { box.remove(); });
    var alive = new Set(pods.map(function (p) { return p.namespace + "/" + p.name; }));
    this.cards.forEach(function (card, key) { if (!alive.has(key)) { card.remove(); self.cards.delete(key); } });
    this.renderWorkloads();
    this.renderSelection();
  };

  Live.prototype.nodeBox = function (name) {
    var box = el("div", "node");
    box.dataset.node = name;
    var head = el("button", "node-head");
    head.type = "button";
    var self = this;
    head.addEventListener("click", function () {
      if (!name) return;
      self.select("node", name, name);
      self.showDetails("node", "", name);
    });
    box.appendChild(head);
    box.appendChild(el("div", "node-pods"));
    return box;
  };

  Live.prototype.updateNodeBox = function (box, node, pods) {
    var head = box.firstChild, list = box.lastChild, self = this;
    var name = box.dataset.node;
    if (!node) {
      head.textContent = this.ui("unscheduled");
      box.classList.add("unscheduled");
    } else {
      var s = node.summary || {};
      var flags = [];
      if (!s.ready) flags.push(this.ui("not_ready"));
      if (s.unschedulable) flags.push(this.ui("cordoned"));
      head.textContent = "";
      head.appendChild(el("strong", "", name));
      if ((s.roles || []).length) head.appendChild(el("span", "meta", " " + s.roles.join(",")));
      flags.forEach(function (flag) { head.appendChild(el("span", "node-flag", flag)); });
      box.classList.toggle("not-ready", !s.ready);
      box.classList.toggle("cordoned", !!s.unschedulable);
      box.classList.toggle("selected", !!(this.selected && this.selected.type === "node" && this.selected.target === name));
    }
    pods.forEach(function (pod, index) {
      var card = self.podCard(pod);
      if (list.children[index] !== card) {
        if (card.parentNode && card.parentNode !== list) { card.classList.remove("moved"); void card.offsetWidth; card.classList.add("moved"); }
        list.insertBefore(card, list.children[index] || null);
      }
    });
    while (list.children.length > pods.length) {
      var extra = list.children[pods.length];
      if (extra.classList.contains("empty")) { extra.remove(); continue; }
      var key = extra.dataset.pod;
      var stillHere = pods.some(function (p) { return p.namespace + "/" + p.name === key; });
      if (stillHere) break;
      extra.remove();
    }
    if (!pods.length && node && !list.querySelector(".empty")) list.appendChild(el("span", "empty meta", this.ui("no_pods")));
    else if (pods.length) { var empty = list.querySelector(".empty"); if (empty) empty.remove(); }
  };

  Live.prototype.podCard = function (pod) {
    var key = pod.namespace + "/" + pod.name, self = this;
    var card = this.cards.get(key);
    if (!card) {
      card = el("button", "pod");
      card.type = "button";
      card.dataset.pod = key;
      card.appendChild(el("span", "pod-name", pod.name));
      card.appendChild(el("span", "pod-status"));
      card.appendChild(el("span", "pod-meta"));
      card.addEventListener("click", function () {
        self.select("pod", key, pod.name);
        self.showDetails("pod", pod.namespace, pod.name);
      });
      this.cards.set(key, card);
    }
    var s = pod.summary || {};
    var status = statusOf(s);
    card.dataset.status = STATUSES.indexOf(status) >= 0 ? status : "Other";
    card.children[1].textContent = status;
    card.children[2].textContent = (s.ready || "") + (s.restarts ? "  ↻ " + s.restarts + " " + this.ui("restarts") : "");
    card.title = [pod.name, status, s.ip || "", s.owner || ""].join("\n").trim();
    card.classList.toggle("selected", !!(this.selected && this.selected.type === "pod" && this.selected.target === key));
    return card;
  };

  Live.prototype.renderWorkloads = function () {
    var box = this.$("live-workloads"), self = this;
    box.textContent = "";
    var items = [];
    this.list("Deployment").forEach(function (d) {
      items.push(["deployment", d, "Deployment " + d.name + "  " + (d.summary.ready || 0) + "/" + (d.summary.replicas || 0)]);
    });
    this.list("StatefulSet").concat(this.list("DaemonSet")).forEach(function (d) {
      items.push([d.kind.toLowerCase(), d, d.kind + " " + d.name + "  " + (d.summary.ready || 0) + "/" + (d.summary.replicas || 0)]);
    });
    this.list("Service").forEach(function (svc) {
      if (svc.namespace === "default" && svc.name === "kubernetes") return;
      if (svc.namespace === "kube-system") return;
      items.push(["service", svc, "Service " + svc.name + "  " + (svc.summary.type || "") + " " + (svc.summary.clusterIP || "")]);
    });
    this.list("Ingress").forEach(function (ing) { items.push(["ingress", ing, "Ingress " + ing.name]); });
    items.forEach(function (item) {
      var chip = el("button", "workload " + item[0], item[2]);
      chip.type = "button";
      chip.addEventListener("click", function () { self.showDetails(item[0], item[1].namespace, item[1].name); });
      box.appendChild(chip);
    });
  };

  Live.prototype.renderClock = function () {
    var t = this.clock.t;
    if (this.speed > 0 && this.ws && this.ws.readyState === WebSocket.OPEN && this.mode === "drive") {
      t += (performance.now() - this.clock.at) / 1000 * this.speed;
    }
    var clock = this.$("live-clock");
    if (clock) clock.textContent = "t = " + age(t) + (this.speed === 0 ? " · " + this.ui("paused") : "");
  };

  /* --- selection, faults, details ------------------------------------------------------------------ */

  Live.prototype.select = function (type, target, label) {
    this.selected = { type: type, target: target, label: label };
    this.render();
  };

  Live.prototype.renderSelection = function () {
    var sel = this.selected, box = this.$("live-selection");
    if (sel && sel.type === "pod" && !this.objects.has("Pod/" + sel.target)) sel = this.selected = null;
    box.textContent = sel ? this.ui("selected") + " " + sel.type + "/" + sel.label : this.ui("nothing_selected");
    this.root.querySelectorAll("[data-fault]").forEach(function (button) {
      button.disabled = !sel || sel.type !== button.dataset.needs;
    });
  };

  Live.prototype.showDetails = function (kind, namespace, name) {
    if (this.mode !== "drive") return;  // describe runs kubectl, which a watcher may not
    this.details = { kind: kind, namespace: namespace, name: name, view: (this.details && this.details.view) || "describe" };
    var panel = this.$("live-details");
    if (!panel) return;
    panel.open = true;
    this.$("live-details-title").textContent = kind + "/" + name;
    this.loadDetails();
  };

  Live.prototype.loadDetails = function () {
    var d = this.details;
    if (!d) return;
    var ns = d.kind === "node" || !d.namespace ? "" : " -n " + d.namespace;
    var line = d.view === "yaml" ? "get " + d.kind + " " + d.name + ns + " -o yaml" : "describe " + d.kind + " " + d.name + ns;
    this.send({ action: "kubectl", line: line, ref: "details" });
  };

  /* --- commands and results ---------------------------------------------------------------------- */

  Live.prototype.kubectl = function (line, ref) {
    line = line.trim().replace(/^\$\s*/, "");
    if (!line) return;
    this.print("$ " + (/^kubectl(\s|$)/.test(line) ? line : "kubectl " + line) + "\n", "command");
    this.send({ action: "kubectl", line: line, ref: ref || "console" });
  };

  Live.prototype.applyYaml = function (yaml, target) {
    this.applyTarget = target || null;
    this.print("$ kubectl apply -f manifest.yaml\n", "command");
    this.send({ action: "apply", yaml: yaml, ref: "apply" });
  };

  Live.prototype.onResult = function (r) {
    if (r.action === "speed") { this.showSpeed(r.value); return; }
    if (r.ref === "details") {
      var out = this.$("live-details-output");
      if (out) out.textContent = r.output;
      return;
    }
    if (r.output) this.print(r.output.replace(/\n?$/, "\n"), r.exit_code ? "error" : "");
    if (r.action === "apply") this.showApplyErrors(r.errors || [], r.exit_code ? "" : this.ui("applied"));
    if (["apply", "kubectl", "fault", "step"].indexOf(r.action) >= 0 && r.since !== undefined) this.startPlayback(r.since);
  };

  Live.prototype.showSpeed = function (value) {
    this.clock = { t: this.clock.t + (this.speed > 0 ? (performance.now() - this.clock.at) / 1000 * this.speed : 0), at: performance.now() };
    this.speed = value;
    this.root.querySelectorAll("[data-speed]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.speed) === value));
    });
  };

  Live.prototype.print = function (text, cls) {
    var out = this.$("live-output");
    var span = el("span", cls || "", text);
    out.appendChild(span);
    while (out.textContent.length > MAX_OUTPUT_CHARS && out.firstChild) out.removeChild(out.firstChild);
    out.scrollTop = out.scrollHeight;
  };

  Live.prototype.showApplyErrors = function (errors, summary) {
    var target = this.applyTarget || { gutter: this.$("live-gutter"), result: this.$("live-apply-result"), textarea: this.$("live-yaml") };
    var t = this.t.ui;
    var bad = {};
    var list = el("ul", "issues");
    errors.forEach(function (e) {
      var li = el("li", e.severity === "warning" ? "warning" : "error");
      if (e.line) { li.dataset.line = e.line; if (e.severity !== "warning") bad[e.line] = (bad[e.line] ? bad[e.line] + "\n" : "") + e.message + (e.hint ? "\n" + t.hint + ": " + e.hint : ""); }
      var where = e.line ? fmt(t.line_col, { line: e.line, column: e.column || 1 }) : "";
      if (e.path) where += (where ? " · " : "") + e.path;
      if (where) li.appendChild(el("span", "where", where));
      li.appendChild(el("div", "message", e.message));
      if (e.hint) { var hint = el("div", "hint"); hint.appendChild(el("span", "hint-label", t.hint)); hint.appendChild(document.createTextNode(" " + e.hint)); li.appendChild(hint); }
      list.appendChild(li);
    });
    if (target.result) {
      target.result.textContent = "";
      if (summary) target.result.appendChild(el("p", errors.length ? "verdict bad" : "verdict ok", summary));
      if (errors.length) target.result.appendChild(list);
    }
    if (target.gutter) this.markGutter(target.gutter, target.textarea, bad);
    this.applyTarget = null;
  };

  Live.prototype.markGutter = function (gutter, textarea, bad) {
    var count = textarea ? Math.max(1, textarea.value.replace(/\n$/, "").split("\n").length) : 1;
    gutter.textContent = "";
    for (var n = 1; n <= count; n++) {
      if (bad[n]) {
        var mark = el("span", "bad", String(n));
        mark.title = bad[n];
        gutter.appendChild(mark);
        gutter.appendChild(document.createTextNode("\n"));
      } else gutter.appendChild(document.createTextNode(n + "\n"));
    }
  };

  /* --- events panel ----------------------------------------------------------------------------------- */

  Live.prototype.addEvent = function (f) {
    var out = this.$("live-events");
    if (!out) return;
    if (!this.eventLines.length) out.textContent = pad("LAST SEEN", 9) + pad("TYPE", 7) + pad("REASON", 19) + pad("OBJECT", 35) + "MESSAGE\n";
    var line = pad(age(Math.max(0, this.clock.t - f.t)), 9) + pad(f.eventType || "Normal", 7) + pad(f.reason || "", 19) +
      pad(f.object || "", 35) + (f.message || "") + "\n";
    this.eventLines.push(line);
    out.appendChild(document.createTextNode(line));
    if (this.eventLines.length > MAX_EVENT_LINES) {
      this.eventLines.shift();
      if (out.childNodes.length > 1) out.removeChild(out.childNodes[1]);
    }
    out.scrollTop = out.scrollHeight;
  };

  /* --- control plane replay ---------------------------------------------------------------------------- */

  function boxFor(component) {
    if (!component) return null;
    if (component === "kubectl") return "kubectl";
    if (component === "api-server" || component === "kube-apiserver") return "api-server";
    if (component === "etcd") return "etcd";
    if (component.indexOf("scheduler") === 0) return "scheduler";
    if (component.indexOf("kubelet") === 0) return "kubelet";
    if (/runtime|containerd|cri/.test(component)) return "runtime";
    return "controller-manager";
  }

  function interesting(f) {
    if (f.kind === "Lease" || f.kind === "Event") return false;
    if (f.kind === "Node" && /^kubelet/.test(f.caller || "")) return false; // node status heartbeats
    return true;
  }

  Live.prototype.addTrace = function (f) {
    this.traces.push(f);
    if (this.traces.length > MAX_TRACES) this.traces.splice(0, this.traces.length - MAX_TRACES);
    var p = this.playback;
    if (p && f.seq > p.since && interesting(f) && p.steps.length < MAX_STEPS) {
      if (!p.steps.length || p.steps[p.steps.length - 1].seq < f.seq) {
        p.steps.push(f);
        this.showStep();
        if (p.playing && !p.timer) this.playNext();
      }
    }
  };

  Live.prototype.startPlayback = function (since) {
    if (this.playback && this.playback.timer) clearTimeout(this.playback.timer);
    var steps = this.traces.filter(function (f) { return f.seq > since && interesting(f); }).slice(0, MAX_STEPS);
    this.playback = { since: since, steps: steps, index: 0, playing: true, timer: null };
    this.showStep();
    this.playNext();
  };

  Live.prototype.playNext = function () {
    var p = this.playback, self = this;
    if (!p || !p.playing) return;
    p.timer = setTimeout(function () {
      p.timer = null;
      if (p.index < p.steps.length - 1) { p.index += 1; self.showStep(); self.playNext(); }
    }, 700);
  };

  Live.prototype.drawControlPlane = function () {
    var svg = this.$("live-cp");
    if (!svg) return;
    svg.textContent = "";
    var defs = document.createElementNS(SVG_NS, "defs");
    var marker = document.createElementNS(SVG_NS, "marker");
    marker.setAttribute("id", "cp-arrow-" + this.root.dataset.sandbox);
    ["viewBox:0 0 10 10", "refX:9", "refY:5", "markerWidth:7", "markerHeight:7", "orient:auto-start-reverse"].forEach(function (kv) {
      var parts = kv.split(":"); marker.setAttribute(parts[0], parts[1]);
    });
    var tip = document.createElementNS(SVG_NS, "path");
    tip.setAttribute("d", "M 0 0 L 10 5 L 0 10 z");
    marker.appendChild(tip);
    defs.appendChild(marker);
    svg.appendChild(defs);
    this.cpBoxes = {};
    var self = this;
    Object.keys(CP_BOXES).forEach(function (key) {
      var spec = CP_BOXES[key];
      var g = document.createElementNS(SVG_NS, "g");
      g.setAttribute("class", "cp-box");
      g.dataset.component = key;
      var rect = document.createElementNS(SVG_NS, "rect");
      rect.setAttribute("x", spec[0]); rect.setAttribute("y", spec[1]);
      rect.setAttribute("width", 130); rect.setAttribute("height", 40); rect.setAttribute("rx", 8);
      var text = document.createElementNS(SVG_NS, "text");
      text.setAttribute("x", spec[0] + 65); text.setAttribute("y", spec[1] + 25); text.setAttribute("text-anchor", "middle");
      text.textContent = spec[2];
      g.appendChild(rect); g.appendChild(text);
      svg.appendChild(g);
      self.cpBoxes[key] = g;
    });
    var arrow = document.createElementNS(SVG_NS, "line");
    arrow.setAttribute("class", "cp-arrow");
    arrow.setAttribute("marker-end", "url(#cp-arrow-" + this.root.dataset.sandbox + ")");
    arrow.style.display = "none";
    svg.appendChild(arrow);
    var label = document.createElementNS(SVG_NS, "text");
    label.setAttribute("class", "cp-label");
    label.setAttribute("text-anchor", "middle");
    svg.appendChild(label);
    this.cpArrow = arrow;
    this.cpLabel = label;
  };

  Live.prototype.narrate = function (f) {
    var n = this.t.narration || {}, verbs = this.t.verbs || {};
    var caller = f.caller || "";
    var params = {
      caller: caller.indexOf("kubelet/") === 0 ? "kubelet (" + caller.slice(8) + ")" : caller,
      callee: f.callee, verb: verbs[f.verb] || f.verb, kind: f.kind || "", name: f.name || "",
      node: caller.indexOf("/") > 0 ? caller.split("/")[1] : caller
    };
    var callee = boxFor(f.callee);
    if (callee === "etcd") return fmt(n["etcd." + f.verb] || n.other, params);
    if (f.kind === "Binding") return fmt(n.bind, params);
    if (callee === "runtime") return fmt(n.runtime, params);
    if (callee === "api-server") return fmt(n.call, params);
    return fmt(n.other, params);
  };

  Live.prototype.showStep = function () {
    var p = this.playback, narration = this.$("live-narration"), counter = this.$("live-cp-step");
    if (!narration) return;
    var self = this;
    Object.keys(this.cpBoxes || {}).forEach(function (k) { self.cpBoxes[k].classList.remove("caller", "callee"); });
    if (!p || !p.steps.length) {
      narration.textContent = this.ui("no_trace");
      counter.textContent = "";
      if (this.cpArrow) this.cpArrow.style.display = "none";
      this.cpLabel.textContent = "";
      return;
    }
    var f = p.steps[Math.min(p.index, p.steps.length - 1)];
    var from = boxFor(f.caller), to = boxFor(f.callee);
    narration.textContent = this.narrate(f);
    counter.textContent = fmt(this.ui("step_of"), { n: p.index + 1, total: p.steps.length });
    if (this.cpBoxes[from]) this.cpBoxes[from].classList.add("caller");
    if (this.cpBoxes[to]) this.cpBoxes[to].classList.add("callee");
    var a = CP_BOXES[from], b = CP_BOXES[to];
    if (a && b && from !== to) {
      var ax = a[0] + 65, ay = a[1] + 20, bx = b[0] + 65, by = b[1] + 20;
      var dx = bx - ax, dy = by - ay, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var shrink = function (x, y, sx, sy) { // stop at the box edge (130 x 40)
        var k = Math.min(Math.abs(65 / (sx || 1e-9)), Math.abs(20 / (sy || 1e-9)));
        return [x + sx * k, y + sy * k];
      };
      var start = shrink(ax, ay, dx / len, dy / len), end = shrink(bx, by, -dx / len, -dy / len);
      this.cpArrow.setAttribute("x1", start[0]); this.cpArrow.setAttribute("y1", start[1]);
      this.cpArrow.setAttribute("x2", end[0]); this.cpArrow.setAttribute("y2", end[1]);
      this.cpArrow.style.display = "";
      this.cpLabel.setAttribute("x", (start[0] + end[0]) / 2);
      this.cpLabel.setAttribute("y", (start[1] + end[1]) / 2 - 6);
      this.cpLabel.textContent = f.verb + " " + (f.kind || "");
    } else {
      this.cpArrow.style.display = "none";
      this.cpLabel.textContent = "";
    }
  };

  /* --- the YAML editor ----------------------------------------------------------------------------------- */

  function highlightYaml(text) {
    var escape = function (s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); };
    return text.split("\n").map(function (line) {
      var comment = "";
      var hash = line.search(/(^|\s)#/);
      if (hash >= 0) { comment = line.slice(hash); line = line.slice(0, hash); }
      var m = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?)(:)(\s.*|$)/.exec(line);
      var html;
      if (m) {
        html = escape(m[1]) + '<span class="y-key">' + escape(m[2]) + "</span>" + escape(m[3]) +
          (m[4].trim() ? '<span class="y-value">' + escape(m[4]) + "</span>" : escape(m[4]));
      } else if (/^\s*-{3}\s*$/.test(line)) html = '<span class="y-doc">' + escape(line) + "</span>";
      else html = escape(line).replace(/^(\s*-\s)(.*)$/, '$1<span class="y-value">$2</span>');
      return html + (comment ? '<span class="y-comment">' + escape(comment) + "</span>" : "");
    }).join("\n") + "\n";
  }

  Live.prototype.bindEditor = function () {
    var textarea = this.$("live-yaml"), overlay = this.$("live-overlay"), gutter = this.$("live-gutter"), self = this;
    if (!textarea) return;
    var sync = function () {
      overlay.innerHTML = highlightYaml(textarea.value);
      overlay.scrollTop = textarea.scrollTop;
      overlay.scrollLeft = textarea.scrollLeft;
      var lines = textarea.value.replace(/\n$/, "").split("\n").length;
      if (gutter.querySelectorAll("span.bad").length === 0 || gutter.dataset.lines !== String(lines)) {
        self.markGutter(gutter, textarea, {});
      }
      gutter.dataset.lines = String(lines);
    };
    textarea.addEventListener("input", sync);
    textarea.addEventListener("scroll", function () { overlay.scrollTop = textarea.scrollTop; overlay.scrollLeft = textarea.scrollLeft; gutter.scrollTop = textarea.scrollTop; });
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Tab" && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        var start = textarea.selectionStart;
        textarea.setRangeText("  ", start, textarea.selectionEnd, "end");
        sync();
      } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        self.applyYaml(textarea.value);
      }
    });
    this.$("live-editor").addEventListener("submit", function (e) { e.preventDefault(); self.applyYaml(textarea.value); });
    sync();
  };

  /* --- the console ----------------------------------------------------------------------------------------- */

  Live.prototype.complete = function (input) {
    var value = input.value.slice(0, input.selectionStart);
    var words = value.split(/\s+/);
    var current = words[words.length - 1];
    var previous = words.slice(0, -1).filter(function (w) { return w && w !== "kubectl" && w.charAt(0) !== "-"; });
    var options;
    if (previous.length === 0) options = COMMANDS;
    else if (previous.length === 1 || (previous.length === 2 && previous[0] === "rollout")) {
      options = previous[0] === "rollout" && previous.length === 1 ? ["history", "pause", "restart", "resume", "status", "undo"] : RESOURCE_NAMES;
    } else {
      var kind = RESOURCES[previous[previous.length - 1]];
      options = kind ? this.list(kind).map(function (o) { return o.name; }) : [];
      if (current.indexOf("/") > 0) {
        var prefix = current.split("/")[0];
        kind = RESOURCES[prefix];
        options = kind ? this.list(kind).map(function (o) { return prefix + "/" + o.name; }) : [];
      }
    }
    var matches = options.filter(function (o) { return o.indexOf(current) === 0; });
    if (!matches.length) return;
    var common = matches.reduce(function (a, b) {
      var i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a.slice(0, i);
    });
    var completion = matches.length === 1 ? matches[0] + " " : common;
    var rest = input.value.slice(input.selectionStart);
    input.value = value.slice(0, value.length - current.length) + completion + rest;
    var at = value.length - current.length + completion.length;
    input.setSelectionRange(at, at);
    if (matches.length > 1 && common === current) this.print(matches.join("  ") + "\n", "meta");
  };

  Live.prototype.bindConsole = function () {
    var form = this.$("live-console-form"), input = this.$("live-command"), self = this;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var line = input.value.trim();
      if (!line) return;
      if (self.history[self.history.length - 1] !== line) self.history.push(line);
      if (self.history.length > 100) self.history.shift();
      self.historyAt = self.history.length;
      input.value = "";
      if (line === "clear") { self.$("live-output").textContent = ""; return; }
      self.kubectl(line);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowUp" && self.history.length) {
        e.preventDefault();
        self.historyAt = Math.max(0, self.historyAt - 1);
        input.value = self.history[self.historyAt];
      } else if (e.key === "ArrowDown" && self.history.length) {
        e.preventDefault();
        self.historyAt = Math.min(self.history.length, self.historyAt + 1);
        input.value = self.history[self.historyAt] || "";
      } else if (e.key === "Tab") {
        e.preventDefault();
        self.complete(input);
      }
    });
  };

  /* --- controls ---------------------------------------------------------------------------------------------- */

  Live.prototype.bind = function () {
    var root = this.root, self = this;
    root.querySelectorAll("[data-speed]").forEach(function (b) {
      b.addEventListener("click", function () { self.send({ action: "speed", value: Number(b.dataset.speed) }); });
    });
    root.querySelector("[data-step]").addEventListener("click", function () { self.send({ action: "step" }); });
    root.querySelectorAll("[data-fault]").forEach(function (b) {
      b.addEventListener("click", function () {
        if (!self.selected) return;
        self.print("# " + b.textContent.trim() + ": " + self.selected.type + "/" + self.selected.label + "\n", "command");
        self.send({ action: "fault", fault: b.dataset.fault, target: self.selected.target });
      });
    });
    root.querySelectorAll("[data-details]").forEach(function (b) {
      b.addEventListener("click", function () {
        if (!self.details) return;
        self.details.view = b.dataset.details;
        self.loadDetails();
      });
    });
    root.querySelectorAll("[data-cp]").forEach(function (b) {
      b.addEventListener("click", function () {
        var p = self.playback;
        if (!p || !p.steps.length) return;
        if (p.timer) { clearTimeout(p.timer); p.timer = null; }
        if (b.dataset.cp === "prev") { p.playing = false; p.index = Math.max(0, p.index - 1); }
        else if (b.dataset.cp === "next") { p.playing = false; p.index = Math.min(p.steps.length - 1, p.index + 1); }
        else { p.playing = true; if (p.index >= p.steps.length - 1) p.index = 0; self.playNext(); }
        self.showStep();
      });
    });
    this.bindEditor();
    this.bindConsole();
  };

  /* --- lesson blocks: "Run in sandbox" ------------------------------------------------------------------------ */

  function mount(root) {
    if (!root._k8sLive) root._k8sLive = new Live(root);
    return root._k8sLive;
  }

  function widgetFor(button) {
    var existing = document.querySelector("section.live");
    var slot = button.closest(".sandbox-block, .kubectl-block").querySelector(".live-slot");
    if (existing) {
      if (slot && !slot.contains(existing)) slot.appendChild(existing);
      return Promise.resolve(mount(existing));
    }
    return fetch(button.dataset.widget, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        slot.innerHTML = html;
        var root = slot.querySelector("section.live");
        if (window.htmx) window.htmx.process(root);
        return mount(root);
      });
  }

  function runBlock(button) {
    var block = button.closest(".sandbox-block, .kubectl-block");
    button.disabled = true;
    widgetFor(button).then(function (live) {
      button.disabled = false;
      if (block.classList.contains("sandbox-block")) {
        var textarea = block.querySelector("textarea");
        live.applyYaml(textarea.value, { gutter: block.querySelector(".gutter"), textarea: textarea, result: block.querySelector(".validation-result") });
      } else {
        block.querySelectorAll("[data-command]").forEach(function (line) { live.kubectl(line.dataset.command, "block"); });
      }
      live.root.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }).catch(function () { button.disabled = false; });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".run-in-sandbox");
    if (button) { event.preventDefault(); runBlock(button); }
  });

  function mountAll() { document.querySelectorAll("section.live").forEach(mount); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();

  window.K8sLive = { mount: mount, highlightYaml: highlightYaml };
})();
