/* The visual timeline on /timeline/: TimelineJS over the list of events.

   The list is the timeline; this only adds to it. The page keeps the
   frame's space from the start (and hides it when scripts are off), so
   nothing moves when it fills; TimelineJS (served from this site, see
   timeline/vendor/timelinejs/) and the timeline's JSON are fetched only
   once the page has loaded and the frame is in view, so none of it is in
   the first paint. If anything fails, the frame goes away and the list
   stays.

   Addresses work both ways: #event-<slug> opens the visual timeline on that
   event (the same anchor the list's items carry), and moving through the
   timeline puts the current event's #event-<slug> in the address bar, ready
   to be shared. */
(function () {
  "use strict";

  var section = document.getElementById("visual-timeline");
  if (!section) {
    return;
  }
  if (!window.fetch || !window.Promise || !("IntersectionObserver" in window)) {
    section.hidden = true;
    return;
  }
  var frame = document.getElementById("visual-timeline-frame");
  var EVENT_HASH = /^#event-([-\w]+)$/;

  function slugInAddress() {
    var match = EVENT_HASH.exec(window.location.hash);
    return match ? match[1] : null;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadStylesheet(href) {
    return new Promise(function (resolve, reject) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = resolve;
      link.onerror = reject;
      document.head.appendChild(link);
    });
  }

  function loadData(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("The timeline data answered " + response.status);
      }
      return response.json();
    });
  }

  function giveUp() {
    section.hidden = true;
    frame.textContent = "";
  }

  function draw(data) {
    var events = {};
    data.events.forEach(function (event) {
      events[event.unique_id] = true;
    });
    var opening = slugInAddress();
    if (!events[opening]) {
      opening = section.getAttribute("data-start") || null;
    }
    // TimelineJS styles its container; a canvas of its own inside our frame
    // keeps the frame's size ours.
    var canvas = document.createElement("div");
    canvas.className = "visual-timeline__canvas";
    frame.textContent = "";
    frame.appendChild(canvas);
    var timeline = new window.TL.Timeline(canvas, data, {
      // Our own typefaces, not TimelineJS's web fonts from another site.
      font: null,
      language: section.getAttribute("data-language") || "en",
      hash_bookmark: false,
      timenav_height_percentage: 40,
      scale_factor: 2,
    });
    var current = opening;

    timeline.on("loaded", function () {
      if (opening) {
        // After TimelineJS's own move to its first slide.
        window.setTimeout(function () {
          timeline.goToId(opening);
        }, 0);
      }
    });
    timeline.on("change", function (change) {
      var slug = change.unique_id;
      if (slug === current) {
        return;
      }
      current = slug;
      if (events[slug]) {
        window.history.replaceState(null, "", "#event-" + slug);
      }
    });
    // TimelineJS takes the arrow keys pressed anywhere in the page; leave
    // those typed in a form field to the field.
    document.addEventListener(
      "keydown",
      function (event) {
        var key = event.key;
        if ((key === "ArrowLeft" || key === "ArrowRight") && event.target.closest &&
            event.target.closest("input, select, textarea, [contenteditable]")) {
          event.stopPropagation();
        }
      },
      true
    );
    window.addEventListener("hashchange", function () {
      var slug = slugInAddress();
      if (slug && events[slug] && slug !== current) {
        current = slug;
        timeline.goToId(slug);
      }
    });
  }

  function start() {
    Promise.all([
      loadData(section.getAttribute("data-json")),
      loadStylesheet(section.getAttribute("data-stylesheet")),
      loadScript(section.getAttribute("data-script")),
    ])
      .then(function (loaded) {
        draw(loaded[0]);
      })
      .catch(giveUp);
  }

  function whenInView() {
    var observer = new IntersectionObserver(
      function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          start();
        }
      },
      { rootMargin: "300px 0px" }
    );
    observer.observe(section);
  }

  if (document.readyState === "complete") {
    whenInView();
  } else {
    window.addEventListener("load", whenInView);
  }
})();
